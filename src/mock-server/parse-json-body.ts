/** A request body after an attempt to parse it as JSON. */
export type ParsedBody = { valid: true; value: unknown } | { valid: false; text: string };

export function parseJsonBody(text: string): ParsedBody {
  try {
    return { valid: true, value: JSON.parse(text) as unknown };
  } catch {
    return { valid: false, text };
  }
}

/**
 * A short printable form of any value for check messages: JSON, cut to a readable length. Pure.
 */

const MAX = 160;

export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  let text: string;
  try {
    text = typeof value === 'bigint' ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > MAX ? `${text.slice(0, MAX)}…` : text;
}

/**
 * Where a message of the request is, for error texts: `messages[3]`, or a field of it with
 * `field` (`.content[0]`). Checks and conversions call it only when they fail, so a request
 * that passes builds no label.
 */
export function messageAt(index: number, field = ''): string {
  return `messages[${index}]${field}`;
}

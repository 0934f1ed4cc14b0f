/**
 * Refuses header names and values that cannot go on the wire, before any request: a line break
 * in a value (a pasted key, a header injection), a control character, a character beyond
 * Latin-1, or a name that is not an HTTP token. The transports would throw a bare `TypeError`
 * naming neither the header nor the provider; this names both and never quotes a value.
 */
import { ConfigurationError } from '../base/errors.js';

/** What node:http accepts in a header value (fetch accepts a superset): tab, printable ASCII, bytes 0x80-0xff. */
const BAD_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/;
/** RFC 9110 token characters. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Throws `ConfigurationError` naming the first header (or the API key, which goes in one) whose
 * name or value cannot be sent.
 */
export function checkHeaders(
  headers: Readonly<Record<string, string>>,
  apiKey: string | undefined,
  where: { provider: string; model: string },
): void {
  for (const name in headers) {
    const value: unknown = headers[name];
    if (!TOKEN.test(name))
      throw headerError(`header name ${JSON.stringify(name.slice(0, 64))}`, 'is not an HTTP token (letters, digits, -)', where);
    if (typeof value === 'string') checkValue(value, `header "${name}"`, where);
  }
  if (apiKey !== undefined) checkValue(apiKey, 'API key', where);
}

function checkValue(value: string, what: string, where: { provider: string; model: string }): void {
  const bad = BAD_VALUE_CHAR.exec(value);
  if (bad === null) return;
  const code = bad[0].charCodeAt(0);
  // The character and its position, never the text around it (it may be a key).
  throw headerError(
    what,
    `has ${code === 13 || code === 10 ? 'a line break' : `character code ${code}`} at position ${bad.index}: a header value is one line of Latin-1 text`,
    where,
  );
}

function headerError(what: string, why: string, where: { provider: string; model: string }): ConfigurationError {
  return new ConfigurationError(`The ${where.provider} ${what} cannot be sent: it ${why}`, where);
}

/**
 * What a 404 adds to its message: the URL that was requested and, when its shape shows it, the
 * usual cause (a base URL without its `/v1`, or with `/v1` twice). Pure.
 */
import { redactText } from './redact.js';

const VERSION_SEGMENT = /\/v\d+(?:alpha|beta)?\d*(?=\/|$)/i;
const DOUBLED_VERSION = /(\/v\d+(?:alpha|beta)?\d*)\1(?=\/|$)/i;
const CHAT_COMPLETIONS = '/chat/completions';

/**
 * `Requested <origin+path>` plus a hint. The query string is left out, since some providers
 * take the key there, and the rest is redacted of `secrets` like every error text.
 */
export function describeNotFound(url: string, secrets: readonly (string | undefined)[] = []): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const path = parsed.pathname;
  const requested = `Requested ${redactText(`${parsed.origin}${path}`, secrets)}`;
  if (DOUBLED_VERSION.test(path)) {
    return `${requested}, whose path repeats its version segment: the base URL already ends in it and llmux appends the API's own path, the usual cause of this 404 (drop it from the base URL).`;
  }
  if (VERSION_SEGMENT.test(path)) return `${requested}.`;
  const base = path.endsWith(CHAT_COMPLETIONS) ? `${parsed.origin}${path.slice(0, -CHAT_COMPLETIONS.length)}` : undefined;
  const fix = base === undefined ? '' : ` (try the base URL ${redactText(`${base}/v1`, secrets)})`;
  return `${requested}, whose path has no version segment such as /v1: a base URL missing its /v1 is the usual cause of this 404${fix}.`;
}

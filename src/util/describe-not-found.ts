/**
 * What a 404 adds to its message: the URL requested and, when its path has no version segment,
 * the usual cause, a base URL without its `/v1`. Pure; kept small, since every bundle that maps
 * errors carries it.
 */
import { redactText } from './redact.js';

/**
 * `; requested <origin><path>` plus the hint. The query is left out (some providers take the key
 * there) and the rest is redacted of `secrets`, like every error text.
 */
export function describeNotFound(url: string, secrets: readonly (string | undefined)[] = []): string {
  const requested = url.split(/[?#]/)[0];
  // A version segment in the path: `/v1`, `/v1beta`, `/api/v2` (a word character before it rules out `//v1.host`).
  return redactText(`; requested ${requested}${/\w\/v\d/.test(requested!) ? '' : ' (is /v1 missing from the base URL?)'}`, secrets);
}

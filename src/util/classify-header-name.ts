/**
 * Which header names are safe to send anywhere and which carry credentials. One list for the
 * redirect rule and for redaction (callback payloads, recorded fixtures, error bodies), so the
 * two cannot drift apart. Pure.
 */

/**
 * Headers a request may carry to another origin: they describe the request, never who sends
 * it. Everything else (an API key, a gateway's auth, a cookie, a tenant id) is dropped, since
 * gateways invent their own credential names faster than any denylist can follow.
 */
const FORWARDABLE = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'content-type',
  'user-agent',
  'anthropic-version',
  'anthropic-beta',
  'openai-beta',
]);

/**
 * A name segment that marks a credential: `authorization`, `helicone-auth`, `x-auth-token`,
 * `ocp-apim-subscription-key`, `x-portkey-api-key`, `cookie`, `x-amz-security-token`,
 * `client_secret`, `x-signature`, `apiKey`, `accessToken`... Whole segments only, and singular
 * `token`, so `max_tokens` or `x-ratelimit-remaining-tokens` are not mistaken for one. Applied
 * to the lower-cased name. Exported as source for adapters drafted by the generator.
 */
export const CREDENTIAL_NAME_SOURCE = String.raw`(?:^|[-_.\s])(?:[a-z]*auth(?:orization|entication|n|z)?|[a-z]*key|[a-z]*token|[a-z]*secret|[a-z]*signature|sig|cookie|set-cookie|password|passwd|[a-z]*session(?:id)?|credentials?)(?=$|[-_.\s])`;
const CREDENTIAL_SEGMENT = new RegExp(CREDENTIAL_NAME_SOURCE);

/** True for a header a redirect may carry to another origin. */
export function isForwardableHeader(name: string): boolean {
  return FORWARDABLE.has(name.toLowerCase());
}

/** True for a header (or JSON field) name whose value is, or may be, a credential. */
export function isCredentialName(name: string): boolean {
  const lower = name.toLowerCase();
  return !FORWARDABLE.has(lower) && CREDENTIAL_SEGMENT.test(lower);
}

/**
 * Key redaction. Provider error bodies sometimes echo the key that was sent; llmux scrubs the
 * client's own keys exactly and anything shaped like a common key format, before an error, log
 * line or callback payload is built.
 */

const REDACTED = '[redacted]';
// Common key shapes: OpenAI/Anthropic/OpenRouter/Groq/xAI style prefixes, and bearer tokens.
const KEY_SHAPES = /\b(?:sk|rk|pk|gsk|xai|csk|fw|sk-ant|sk-or)[-_][A-Za-z0-9_\-]{12,}|\bBearer\s+[A-Za-z0-9._\-~+/]{8,}=*/g;

/** Replaces every occurrence of the given secrets, and of key-shaped tokens, in `text`. */
export function redactText(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Short values are not keys and redacting them would mangle ordinary text.
    if (secret !== undefined && secret.length >= 6 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out.replace(KEY_SHAPES, REDACTED);
}

/** Deep-copies a JSON-like value with every string redacted. */
export function redactValue<T>(value: T, secrets: readonly (string | undefined)[] = []): T {
  if (typeof value === 'string') return redactText(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSecretHeader(k) ? REDACTED : redactValue(v, secrets);
    }
    return out as T;
  }
  return value;
}

const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'api-key', 'x-goog-api-key', 'proxy-authorization', 'apikey', 'api_key']);

/** True for header (or field) names whose values are credentials. */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

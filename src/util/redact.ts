/**
 * Key redaction. Provider error bodies sometimes echo the key that was sent; llmux scrubs the
 * client's own keys exactly, anything shaped like a common key format, credentials in URLs
 * (`user:key@` userinfo, `?key=` query values), and credential-named fields, before an error,
 * log line or callback payload is built.
 *
 * Redact first, cut after: a cut made before redaction can leave a key prefix that no longer
 * matches any pattern, so every bounded text here is redacted whole and then shortened.
 */
import { isCredentialName } from './classify-header-name.js';

const REDACTED = '[redacted]';

/**
 * Common key shapes: OpenAI/Anthropic/OpenRouter/Groq/xAI style prefixes, and bearer tokens.
 * Exported as source so adapters drafted by the generator redact with the very same pattern.
 */
export const KEY_SHAPES_SOURCE = String.raw`\b(?:sk|rk|pk|gsk|xai|csk|fw|sk-ant|sk-or)[-_][A-Za-z0-9_\-]{12,}|\bBearer\s+[A-Za-z0-9._\-~+/]{8,}=*`;
const KEY_SHAPES = new RegExp(KEY_SHAPES_SOURCE, 'g');
/** `scheme://user:password@` — the userinfo of a URL is a credential whatever it holds. */
export const URL_USERINFO_SOURCE = String.raw`(\b[a-zA-Z][a-zA-Z0-9+.\-]*:\/\/)[^\s\/?#@"'<>]+@`;
const URL_USERINFO = new RegExp(URL_USERINFO_SOURCE, 'g');
/** `?key=...`, `&api_key=...`, `?access_token=...`, `&sig=...`: query values named like credentials. */
export const QUERY_CREDENTIAL_SOURCE = String.raw`([?&](?:[A-Za-z0-9_.\-]*(?:key|token|secret|signature|password|auth)|sig)=)[^&#\s"'<>]+`;
const QUERY_CREDENTIAL = new RegExp(QUERY_CREDENTIAL_SOURCE, 'gi');

/** The longest provider message an error keeps (after redaction). */
export const MAX_ERROR_MESSAGE_CHARS = 4096;
/** The most text (strings and names) an error keeps of a provider's error body. */
export const MAX_ERROR_BODY_CHARS = 64 * 1024;
/** How deep an error body is copied; deeper levels become a marker instead of a stack overflow. */
export const MAX_REDACT_DEPTH = 64;

/** Replaces every occurrence of the given secrets, key-shaped tokens and URL credentials in `text`. */
export function redactText(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Short values are not keys and redacting them would mangle ordinary text.
    if (secret !== undefined && secret.length >= 6 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out.replace(KEY_SHAPES, REDACTED).replace(URL_USERINFO, `$1${REDACTED}@`).replace(QUERY_CREDENTIAL, `$1${REDACTED}`);
}

/**
 * A URL-ish text (a base URL that failed to parse, say) redacted, including a userinfo with no
 * scheme before it (`user:key@host`), which {@link redactText} cannot tell from an e-mail address.
 */
export function redactUrlText(text: string, secrets: readonly (string | undefined)[] = []): string {
  return redactText(text, secrets).replace(/^((?:[^\s/?#@]*:)?\/\/)?[^\s/?#@]+@/, `$1${REDACTED}@`);
}

/** `text` redacted, then cut to at most `max` characters (an ellipsis marks the cut). */
export function redactBounded(text: string, secrets: readonly (string | undefined)[] = [], max = MAX_ERROR_MESSAGE_CHARS): string {
  return truncate(redactText(text, secrets), max);
}

/** Cuts `text` to `max` characters without splitting a surrogate pair. Not a redaction: redact first. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** Bounds for {@link redactValue}. */
export interface RedactLimits {
  /** Levels copied; a deeper object or array becomes `'[nested too deep]'`. Default 64. */
  maxDepth?: number;
  /** Longest string kept (after redaction). Default unbounded. */
  maxStringChars?: number;
  /** Total characters of strings and names kept; past it the rest is dropped. Default unbounded. */
  maxTotalChars?: number;
}

/**
 * Deep-copies a JSON-like value with every string and every property name redacted (a provider
 * can echo the key as a name), credential-named fields replaced, and the copy bounded: never
 * deeper than `maxDepth`, so a body nested 100,000 levels deep cannot overflow the stack.
 */
export function redactValue<T>(value: T, secrets: readonly (string | undefined)[] = [], limits: RedactLimits = {}): T {
  const maxDepth = limits.maxDepth ?? MAX_REDACT_DEPTH;
  const maxString = limits.maxStringChars ?? Number.POSITIVE_INFINITY;
  let budget = limits.maxTotalChars ?? Number.POSITIVE_INFINITY;
  const text = (s: string): string => {
    const out = truncate(redactText(s, secrets), Math.min(maxString, Math.max(budget, 0)));
    budget -= out.length;
    return out;
  };
  const copy = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return text(v);
    if (v === null || typeof v !== 'object') return v;
    if (depth >= maxDepth) return '[nested too deep]';
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (const item of v) {
        if (budget <= 0) break;
        out.push(copy(item, depth + 1));
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) {
      if (budget <= 0) break;
      const base = text(k);
      let name = base;
      // Two names redacted alike must not overwrite each other.
      for (let n = 2; Object.hasOwn(out, name); n++) name = `${base}#${n}`;
      Object.defineProperty(out, name, {
        value: isCredentialName(k) ? REDACTED : copy(item, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  return copy(value, 0) as T;
}

/** True for header (or field) names whose values are credentials (see `classify-header-name.ts`). */
export function isSecretHeader(name: string): boolean {
  return isCredentialName(name);
}

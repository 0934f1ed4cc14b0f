/**
 * An error's message as a shell user should read it. The library's missing-key message speaks
 * to a program (`createClient({ providers: ... })`); on the command line the fix is an `export`.
 */
import { ConfigurationError } from '../base/errors.js';
import { PROVIDERS } from '../providers/registry.js';

/** `alternative` is appended to the missing-key advice, e.g. "or choose another model with -m". */
export function shellErrorMessage(error: unknown, alternative?: string): string {
  if (!(error instanceof ConfigurationError) || !/^No API key\b/.test(error.message) || error.provider === undefined) {
    return error instanceof Error ? error.message : String(error);
  }
  const provider = error.provider;
  const known = Object.hasOwn(PROVIDERS, provider) ? (PROVIDERS as Record<string, { apiKeyEnv: readonly string[] }>)[provider] : undefined;
  const names = known?.apiKeyEnv.length ? known.apiKeyEnv : [`${provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`];
  const others = names.length > 1 ? ` (${names.slice(1).join(' or ')} works too)` : '';
  return `No API key for provider "${provider}". Set it in your shell first: export ${names[0]}=<your key>${others}${alternative === undefined ? '' : `, ${alternative}`}.`;
}

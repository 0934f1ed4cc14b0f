/**
 * Model strings: `"provider/model"` or a well-known bare name. Pure.
 */
import { ConfigurationError } from '../base/errors.js';
import { providerOfBareName, splitModelString } from '../util/model-id.js';

/** A model string split into the provider id and the provider's own model id. */
export interface ResolvedModel {
  provider: string;
  model: string;
}

/** What the full client suggests for a provider it does not know (its provider table passes it). */
export const DEFINE_PROVIDER_HINT =
  'For another OpenAI-compatible server use "openai-compatible/<model>" with a baseURL, or define it in createClient({ providers }).';

/**
 * Splits `model` into provider and model id. `known` lists the provider ids this client can
 * serve; an unknown prefix or an unrecognised bare name is a `ConfigurationError` naming them,
 * followed by `hint` on how to add one.
 */
export function resolveModel(model: string, known: readonly string[], hint = ''): ResolvedModel {
  if (typeof model !== 'string' || model.trim() === '') {
    throw new ConfigurationError(`"model" must be a non-empty string like "openai/gpt-4o-mini"; got ${JSON.stringify(model)}`);
  }
  const { prefix: provider, rest } = splitModelString(model);
  if (provider !== undefined) {
    if (known.includes(provider)) {
      if (rest === '') throw new ConfigurationError(`Model string "${model}" names no model after "${provider}/"`);
      return { provider, model: rest };
    }
    throw new ConfigurationError(
      `Unknown provider "${provider}" in model "${model}". Known providers: ${[...known].sort().join(', ')}.${hint && ` ${hint}`}`,
    );
  }
  const bare = providerOfBareName(model, { routedOnly: true });
  if (bare !== undefined) return { provider: bare, model };
  // "/gpt-4o" is a provider left out, not a model id starting with a slash: the example drops it.
  const name = model.replace(/^\/+/, '');
  throw new ConfigurationError(
    `Cannot tell which provider serves "${model}". Write it as "provider/model" (e.g. "${name === model ? 'ollama' : resolveModel(name, known, hint).provider}/${name}"). ` +
      `Known providers: ${[...known].sort().join(', ')}.`,
  );
}

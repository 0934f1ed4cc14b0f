/**
 * The fixture set each built-in provider is tested with: OpenAI's for OpenAI and every
 * compatible preset (plus the preset's own cases), Anthropic's, OpenRouter's, and the Responses
 * API's (`openai-responses`, the family OpenAI calls go to with `api: 'responses'`). Each set is its
 * own module, loaded only when asked for.
 */
import { ADAPTER_FAMILIES, PROVIDERS } from '../providers/registry.js';
import type { ConformanceFixture } from './fixture-types.js';
import { builtInProvider } from './load-adapter.js';

export interface FixtureSet {
  fixtures: ConformanceFixture[];
  /** Where the cases came from, for reports. */
  label: string;
}

/** The built-in set for `provider`, or undefined when it has none (the mock, unknown providers). */
export async function builtInFixtures(provider: string): Promise<FixtureSet | undefined> {
  if (provider === 'anthropic') {
    const { anthropicFixtures } = await import('./fixtures/anthropic-fixtures.js');
    return { fixtures: anthropicFixtures, label: 'built-in anthropic set' };
  }
  if (provider === 'openai-responses') {
    const { openaiResponsesFixtures } = await import('./fixtures/openai-responses-fixtures.js');
    return { fixtures: openaiResponsesFixtures, label: 'built-in openai-responses set' };
  }
  if (provider === 'openrouter') {
    const { openrouterFixtures } = await import('./fixtures/openrouter-fixtures.js');
    return { fixtures: openrouterFixtures, label: 'built-in openrouter set' };
  }
  const definition = builtInProvider(provider);
  if (definition === undefined || definition.load !== ADAPTER_FAMILIES['openai']) return undefined;
  const { openaiFixtures, presetFixtures } = await import('./fixtures/openai-fixtures.js');
  const own = presetFixtures[provider] ?? [];
  return {
    fixtures: [...openaiFixtures, ...own],
    label: own.length === 0 ? 'built-in openai set' : `built-in openai set + ${own.length} ${provider} case${own.length === 1 ? '' : 's'}`,
  };
}

/**
 * Built-in providers with a built-in set (all but the mock, which makes no HTTP call to replay),
 * and the `openai-responses` family (OpenAI's Responses API).
 */
export function providersWithFixtures(): string[] {
  const providers = Object.entries(PROVIDERS)
    .filter(([id, definition]) => id === 'anthropic' || id === 'openrouter' || definition.load === ADAPTER_FAMILIES['openai'])
    .map(([id]) => id);
  return [...providers, 'openai-responses'];
}

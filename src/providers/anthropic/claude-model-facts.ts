/**
 * What the model table says about a Claude model that shapes the request: its longest output
 * (the default `max_tokens`) and whether it can think. Loaded lazily; a table that cannot load
 * or does not know the model changes nothing.
 */
import type { AnthropicModelFacts } from './convert-to-anthropic-request.js';

export async function claudeModelFacts(model: string): Promise<AnthropicModelFacts | undefined> {
  try {
    const { getModelInfo } = await import('../../models/index.js');
    const info = getModelInfo(`anthropic/${model}`);
    if (info === undefined) return undefined;
    const facts: AnthropicModelFacts = { supportsReasoning: info.supportsReasoning };
    if (info.maxOutputTokens !== undefined) facts.maxOutputTokens = info.maxOutputTokens;
    return facts;
  } catch {
    return undefined;
  }
}

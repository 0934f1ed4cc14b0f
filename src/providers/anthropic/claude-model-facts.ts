/**
 * What the model table says about a Claude model that shapes the request: its longest output
 * (the default `max_tokens`) and whether it can think. Loaded lazily; a table that cannot load
 * or does not know the model changes nothing.
 */
import type { ChatRequest } from '../../types.js';
import type { AnthropicModelFacts } from './convert-to-anthropic-request.js';

/** Whether the request needs the table at all: no `max_tokens` given, or thinking asked for. */
function needsFacts(request: ChatRequest): boolean {
  const noMax = request.max_tokens == null && request.max_completion_tokens == null;
  return noMax || request.reasoning_effort != null || request.extra_body?.['thinking'] !== undefined;
}

export async function claudeModelFacts(model: string, request: ChatRequest): Promise<AnthropicModelFacts | undefined> {
  if (!needsFacts(request)) return undefined;
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

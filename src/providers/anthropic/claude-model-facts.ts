/**
 * What the model table says about a Claude model that shapes the request: its longest output
 * (the default `max_tokens`) and whether it can think. The table comes through the context
 * (the full client loads it lazily; `llmux/lite` has it only when given `modelInfo`); no
 * table, a table that cannot load, or one that does not know the model changes nothing.
 */
import type { ChatRequest } from '../../base/types.js';
import type { AdapterContext } from '../adapter-types.js';
import type { ModelInfo } from '../../models/model-info.js';
import type { AnthropicModelFacts } from './convert-to-anthropic-request.js';

/** Whether the request needs the table at all: no `max_tokens` given, or thinking asked for. */
function needsFacts(request: ChatRequest): boolean {
  const noMax = request.max_tokens == null && request.max_completion_tokens == null;
  return noMax || request.reasoning_effort != null || request.extra_body?.['thinking'] !== undefined;
}

export function claudeModelFacts(
  context: Pick<AdapterContext, 'model' | 'modelInfo' | 'modelInfoNow'>,
  request: ChatRequest,
): AnthropicModelFacts | undefined | Promise<AnthropicModelFacts | undefined> {
  if (context.modelInfo === undefined || !needsFacts(request)) return undefined;
  const id = `anthropic/${context.model}`;
  try {
    // Without waiting once the table is at hand: the request then goes out with no asynchronous
    // step before it, and an adapter's `open` holds no async function's promise while it waits.
    const now = context.modelInfoNow?.();
    if (now !== undefined) return factsOf(now(id));
    return context.modelInfo(id).then(factsOf, () => undefined);
  } catch {
    return undefined;
  }
}

function factsOf(info: ModelInfo | undefined): AnthropicModelFacts | undefined {
  if (info === undefined) return undefined;
  const facts: AnthropicModelFacts = {};
  if (info.supportsReasoning !== undefined) facts.supportsReasoning = info.supportsReasoning;
  if (info.supportsAdaptiveThinking !== undefined) facts.supportsAdaptiveThinking = info.supportsAdaptiveThinking;
  if (info.maxOutputTokens !== undefined) facts.maxOutputTokens = info.maxOutputTokens;
  return facts;
}

/**
 * Assistant reasoning in llmux messages -> the form OpenRouter takes back. Pure; messages
 * without reasoning are passed on as the same objects.
 *
 * OpenRouter wants earlier reasoning back as `reasoning_details` in its own vocabulary
 * (`reasoning.text` / `reasoning.encrypted` / `reasoning.summary`), which is what it sent. A
 * conversation that started on the Anthropic adapter carries Anthropic's vocabulary instead
 * (`thinking` with a signature, `redacted_thinking`); translated, with Claude's format tag, the
 * signature lets a Claude model behind OpenRouter continue a tool-use turn it did not start.
 * Plain `reasoning_content` (no details) goes back as OpenRouter's `reasoning` string.
 */
import type { ChatCompletionAssistantMessageParam, ChatCompletionMessageParam, ReasoningDetail } from '../../base/types.js';
import { claudeFamily } from '../../util/model-id.js';
import { ANTHROPIC_REASONING_FORMAT } from './openrouter-api-types.js';

/**
 * `model`: OpenRouter's id of the model the request goes to. Claude-signed blocks llmux tagged
 * (`ReasoningDetail.origin`) go only to that Claude family; a switch to another model drops them,
 * and the turn's reasoning text with them when nothing else is left.
 */
export function convertToOpenRouterMessages(messages: readonly ChatCompletionMessageParam[], model?: string): ChatCompletionMessageParam[] {
  return messages.map((message) => (message.role === 'assistant' && hasReasoning(message) ? convertAssistant(message, model) : message));
}

/** Whether a tagged block may go to `model` behind OpenRouter; untagged ones (OpenRouter's own) always may. */
function replayable(detail: ReasoningDetail, model: string | undefined): boolean {
  const origin = detail.origin;
  if (origin === undefined || origin === null) return true;
  if (model === undefined) return true;
  if (origin.provider !== 'anthropic' || !/(^|\/)claude-/.test(model.toLowerCase())) return false;
  return claudeFamily(origin.model) === claudeFamily(model);
}

function hasReasoning(message: ChatCompletionAssistantMessageParam): boolean {
  return message.reasoning_content !== undefined || message.reasoning_details !== undefined || message.provider_blocks !== undefined;
}

function convertAssistant(message: ChatCompletionAssistantMessageParam, model: string | undefined): ChatCompletionMessageParam {
  // Native blocks (`provider_blocks`) are Anthropic's own wire format: OpenRouter never gets them.
  const { reasoning_content: text, reasoning_details: all, provider_blocks: _native, ...rest } = message;
  const out: Record<string, unknown> = rest;
  const details = all?.filter((detail) => replayable(detail, model));
  if (all !== undefined && all.length > 0 && details!.length === 0) return out as unknown as ChatCompletionMessageParam;
  if (details !== undefined && details.length > 0) out['reasoning_details'] = details.map(toOpenRouterDetail);
  // The details hold the same text, and only they carry signatures: one copy is enough.
  else if (typeof text === 'string' && text !== '') out['reasoning'] = text;
  return out as unknown as ChatCompletionMessageParam;
}

/** Anthropic-vocabulary blocks are translated; OpenRouter's own (and unknown) ones pass unchanged. */
function toOpenRouterDetail(detail: ReasoningDetail): ReasoningDetail | Record<string, unknown> {
  if (detail.type === 'thinking') {
    const out: Record<string, unknown> = { type: 'reasoning.text', text: detail.thinking ?? '', format: ANTHROPIC_REASONING_FORMAT };
    if (typeof detail.signature === 'string' && detail.signature !== '') out['signature'] = detail.signature;
    return out;
  }
  if (detail.type === 'redacted_thinking')
    return { type: 'reasoning.encrypted', data: detail.data ?? '', format: ANTHROPIC_REASONING_FORMAT };
  if (detail.origin === undefined) return detail;
  const { origin: _origin, ...sent } = detail;
  return sent;
}

/**
 * Anthropic `message` response -> OpenAI `chat.completion`. Pure.
 */
import type {
  ChatCompletionChoice,
  ChatCompletionMessage,
  ChatCompletionMessageToolCall,
  ModelResponse,
  ReasoningDetail,
} from '../../base/types.js';
import type { AnthropicResponseBlock, AnthropicResponseMessage } from './anthropic-api-types.js';
import { mapAnthropicStopReason, providerFinishReason } from './map-anthropic-stop-reason.js';
import { mapAnthropicUsage } from './map-anthropic-usage.js';
import { keepAnthropicBlocks } from './keep-anthropic-blocks.js';

/** A choice that may also carry Anthropic's own stop reason when `finish_reason` approximates it. */
type AnthropicChoice = ChatCompletionChoice & { provider_finish_reason?: string };

export interface MapAnthropicResponseOptions {
  /** The llmux provider id to stamp on the response. */
  provider: string;
  /** Unix seconds; defaults to now (Anthropic's response has no timestamp). */
  created?: number;
}

export function mapAnthropicResponse(message: AnthropicResponseMessage, options: MapAnthropicResponseOptions): ModelResponse {
  const text: string[] = [];
  const reasoning: string[] = [];
  const reasoningDetails: ReasoningDetail[] = [];
  const toolCalls: ChatCompletionMessageToolCall[] = [];
  for (const block of message.content ?? []) {
    switch (block.type) {
      case 'text':
        text.push(block.text ?? '');
        break;
      case 'tool_use':
        toolCalls.push(toolCall(block));
        break;
      case 'thinking':
        reasoning.push(block.thinking ?? '');
        reasoningDetails.push({
          type: 'thinking',
          thinking: block.thinking ?? '',
          signature: block.signature ?? '',
          origin: { provider: 'anthropic', model: message.model },
        });
        break;
      case 'redacted_thinking':
        reasoningDetails.push({
          type: 'redacted_thinking',
          data: block.data ?? '',
          origin: { provider: 'anthropic', model: message.model },
        });
        break;
      default:
        // Server-tool blocks (web search results and the like) have no Chat Completions form: they
        // are kept whole in `provider_blocks`.
        break;
    }
  }
  // Text blocks are consecutive pieces of one answer (split around tool calls or citations), hence no separator.
  const content = text.join('');
  const reasoningText = reasoning.join('');
  const assistant: ChatCompletionMessage = { role: 'assistant', content: content === '' ? null : content, refusal: null };
  if (toolCalls.length > 0) assistant.tool_calls = toolCalls;
  if (reasoningText !== '') assistant.reasoning_content = reasoningText;
  if (reasoningDetails.length > 0) assistant.reasoning_details = reasoningDetails;
  const kept = keepAnthropicBlocks(message.content ?? [], message.model);
  if (kept !== undefined) assistant.provider_blocks = kept;

  const choice: AnthropicChoice = {
    index: 0,
    message: assistant,
    finish_reason: mapAnthropicStopReason(message.stop_reason),
    logprobs: null,
  };
  const raw = providerFinishReason(message.stop_reason);
  if (raw !== undefined) choice.provider_finish_reason = raw;

  const response: ModelResponse = {
    id: message.id,
    object: 'chat.completion',
    created: options.created ?? Math.floor(Date.now() / 1000),
    model: message.model,
    choices: [choice],
    provider: options.provider,
  };
  if (message.usage !== undefined) response.usage = mapAnthropicUsage(message.usage);
  return response;
}

function toolCall(block: AnthropicResponseBlock): ChatCompletionMessageToolCall {
  return {
    id: block.id ?? '',
    type: 'function',
    function: { name: block.name ?? '', arguments: JSON.stringify(block.input ?? {}) },
  };
}

/**
 * Anthropic Messages stream events -> `chat.completion.chunk`s. A stateful mapper, pure given
 * its events: the adapter parses the SSE and feeds it, and decides what an `error` event or a
 * missing `message_stop` means. Folded with the chunk accumulator, the chunks give the same
 * response `mapAnthropicResponse` gives for the finished message.
 */
import { InvalidResponseError, type LlmuxError } from '../../base/errors.js';
import { MAX_STREAM_INDEX, isObject, isStreamIndex, kind } from '../../stream/check-chunk.js';
import type { ChatCompletionChunk, ChatCompletionChunkChoice, ChatCompletionChunkDelta, ReasoningDetail } from '../../base/types.js';
import type { AnthropicStreamEvent, AnthropicUsage } from './anthropic-api-types.js';
import { mapAnthropicStopReason, providerFinishReason } from './map-anthropic-stop-reason.js';
import { mapAnthropicUsage, mergeAnthropicUsage } from './map-anthropic-usage.js';
import { keepAnthropicBlocks } from './keep-anthropic-blocks.js';

type AnthropicChunkChoice = ChatCompletionChunkChoice & { provider_finish_reason?: string };

export interface AnthropicStreamMapper {
  /** Appends the chunks one event adds (often one, sometimes none) to `out`, and returns `out`. */
  push(event: AnthropicStreamEvent, out?: ChatCompletionChunk[]): ChatCompletionChunk[];
  /**
   * Appends the chunk for a text delta of the open text block (see `openTextBlock`), for a caller
   * that read the text without parsing the whole event.
   */
  pushText(text: string, out: ChatCompletionChunk[]): void;
  /** The index of the text block now open, if one is: the block the next text deltas are for. */
  readonly openTextBlock: number | undefined;
  /** True once `message_stop` arrived: the message is complete. */
  readonly finished: boolean;
}

export interface AnthropicStreamMapperOptions {
  /** Unix seconds stamped on every chunk; defaults to when the mapper is created. */
  created?: number;
  /**
   * The error for an event that cannot be mapped (a block index that is not an integer from 0
   * to 1023, a block, delta, message or usage that is not an object), given what is wrong.
   * Default: an `InvalidResponseError` naming no request.
   */
  invalid?: (problem: string) => LlmuxError;
}

interface BlockState {
  type: string;
  /** Position among the message's tool calls (OpenAI numbers tool calls, not content blocks). */
  toolIndex: number;
  hasArguments: boolean;
}

export function createAnthropicStreamMapper(options: AnthropicStreamMapperOptions = {}): AnthropicStreamMapper {
  const created = options.created ?? Math.floor(Date.now() / 1000);
  const invalid =
    options.invalid ??
    ((problem: string) => new InvalidResponseError(`anthropic sent ${problem}`, { provider: 'anthropic', retryable: true }));
  const blocks = new Map<number, BlockState>();
  /** The last block started: where an event without an index belongs. */
  let lastBlock: number | undefined;
  let id = '';
  let model = '';
  let usage: AnthropicUsage = {};
  let toolCount = 0;
  let finished = false;
  let openTextBlock: number | undefined;
  /**
   * The message's blocks as they add up (the whole `content` of a non-streamed response), and the
   * input JSON of each block still arriving: kept as `provider_blocks` when the turn has server
   * tool blocks or citations.
   */
  const content: Record<string, unknown>[] = [];
  const inputJson = new Map<number, string>();
  const appendText = (index: number | undefined, text: string): void => {
    const block = index === undefined ? undefined : content[index];
    if (block !== undefined && text) block['text'] = String(block['text'] ?? '') + text;
  };

  const chunk = (choices: ChatCompletionChunkChoice[]): ChatCompletionChunk => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    choices,
  });
  const deltaChunk = (delta: ChatCompletionChunkDelta): ChatCompletionChunk[] => [chunk([{ index: 0, delta, finish_reason: null }])];

  /**
   * The block an event is about: its index when valid; without one, the next block for a start
   * and the last one started otherwise. Anything else is refused: a block index is provider data.
   */
  function blockIndex(event: AnthropicStreamEvent, starting: boolean): number | undefined {
    const index: unknown = event.index;
    if (isStreamIndex(index)) return index;
    if (index === undefined || index === null) return starting ? (lastBlock === undefined ? 0 : lastBlock + 1) : lastBlock;
    throw invalid(`a ${event.type} event whose index is not an integer from 0 to ${MAX_STREAM_INDEX}`);
  }

  function startBlock(event: AnthropicStreamEvent): ChatCompletionChunk[] {
    const block: unknown = event.content_block;
    if (!isObject(block)) throw invalid(`a content_block_start event whose content_block is ${kind(block)}, not an object`);
    const index = blockIndex(event, true)!;
    lastBlock = index;
    const state: BlockState = { type: String(block['type']), toolIndex: -1, hasArguments: false };
    blocks.set(index, state);
    content[index] = structuredClone(block);
    openTextBlock = block['type'] === 'text' ? index : undefined;
    return startedBlock(event.content_block!, state);
  }

  function startedBlock(block: NonNullable<AnthropicStreamEvent['content_block']>, state: BlockState): ChatCompletionChunk[] {
    switch (block.type) {
      case 'text':
        return block.text ? deltaChunk({ content: block.text }) : [];
      case 'tool_use': {
        state.toolIndex = toolCount++;
        // The block opens with `input: {}` and the real input follows as JSON fragments; a
        // non-empty input here (some proxies send it whole) is the full argument text.
        const input = block.input;
        const args = input !== null && typeof input === 'object' && Object.keys(input).length > 0 ? JSON.stringify(input) : '';
        state.hasArguments = args !== '';
        return deltaChunk({
          tool_calls: [
            { index: state.toolIndex, id: block.id ?? '', type: 'function', function: { name: block.name ?? '', arguments: args } },
          ],
        });
      }
      case 'thinking': {
        // Sent even when empty: it opens a new reasoning block for whoever folds the chunks.
        const detail: ReasoningDetail = { type: 'thinking', thinking: block.thinking ?? '' };
        if (block.signature) detail.signature = block.signature;
        detail.origin = { provider: 'anthropic', model };
        const delta: ChatCompletionChunkDelta = { reasoning_details: [detail] };
        if (block.thinking) delta.reasoning_content = block.thinking;
        return deltaChunk(delta);
      }
      case 'redacted_thinking':
        return deltaChunk({
          reasoning_details: [{ type: 'redacted_thinking', data: block.data ?? '', origin: { provider: 'anthropic', model } }],
        });
      default:
        return [];
    }
  }

  function blockDelta(event: AnthropicStreamEvent): ChatCompletionChunk[] {
    const delta = event.delta;
    if (!isObject(delta)) throw invalid(`a content_block_delta event whose delta is ${kind(delta)}, not an object`);
    const index = blockIndex(event, false);
    const state = index === undefined ? undefined : blocks.get(index);
    if (state === undefined) return [];
    recordDelta(index!, delta);
    switch (delta.type) {
      case 'text_delta':
        return delta.text ? deltaChunk({ content: delta.text }) : [];
      case 'input_json_delta':
        // Server tools stream their input too; only client `tool_use` blocks are tool calls.
        if (state.type !== 'tool_use' || !delta.partial_json) return [];
        state.hasArguments = true;
        return deltaChunk({ tool_calls: [{ index: state.toolIndex, function: { arguments: delta.partial_json } }] });
      case 'thinking_delta':
        return delta.thinking
          ? deltaChunk({ reasoning_content: delta.thinking, reasoning_details: [{ type: 'thinking', thinking: delta.thinking }] })
          : [];
      case 'signature_delta':
        return delta.signature ? deltaChunk({ reasoning_details: [{ type: 'thinking', signature: delta.signature }] }) : [];
      default:
        // citations_delta and newer kinds: no Chat Completions form yet.
        return [];
    }
  }

  /** Adds a delta to the block it belongs to, as Anthropic's streaming format defines. */
  function recordDelta(index: number, delta: NonNullable<AnthropicStreamEvent['delta']>): void {
    const block = content[index];
    if (block === undefined) return;
    switch (delta.type) {
      case 'text_delta':
        appendText(index, delta.text ?? '');
        break;
      case 'thinking_delta':
        block['thinking'] = String(block['thinking'] ?? '') + (delta.thinking ?? '');
        break;
      case 'signature_delta':
        block['signature'] = delta.signature;
        break;
      case 'input_json_delta':
        inputJson.set(index, (inputJson.get(index) ?? '') + (delta.partial_json ?? ''));
        break;
      case 'compaction_delta': {
        const more = (delta as { content?: unknown }).content;
        if (typeof more === 'string') block['content'] = (typeof block['content'] === 'string' ? block['content'] : '') + more;
        break;
      }
      case 'citations_delta': {
        const citations = Array.isArray(block['citations']) ? (block['citations'] as unknown[]) : (block['citations'] = []);
        (citations as unknown[]).push((delta as { citation?: unknown }).citation);
        break;
      }
      default:
        break;
    }
  }

  function stopBlock(event: AnthropicStreamEvent): ChatCompletionChunk[] {
    const index = blockIndex(event, false);
    const json = index === undefined ? undefined : inputJson.get(index);
    if (json !== undefined && json !== '' && content[index!] !== undefined) {
      try {
        content[index!]!['input'] = JSON.parse(json);
      } catch {
        // A client tool call's broken arguments surface through its tool call; the block keeps `{}`.
      }
    }
    const state = index === undefined ? undefined : blocks.get(index);
    if (index === openTextBlock) openTextBlock = undefined;
    // A call without arguments streams no fragment; `{}` keeps `arguments` valid JSON, as in a
    // non-streamed response.
    if (state?.type === 'tool_use' && !state.hasArguments) {
      state.hasArguments = true;
      return deltaChunk({ tool_calls: [{ index: state.toolIndex, function: { arguments: '{}' } }] });
    }
    return [];
  }

  const pushText = (text: string, out: ChatCompletionChunk[]): void => {
    appendText(openTextBlock, text);
    emitText(text, out);
  };
  const emitText = (text: string, out: ChatCompletionChunk[]): void => {
    if (text)
      out.push({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        choices: [{ index: 0, delta: { content: text }, finish_reason: null }],
      });
  };

  return {
    get finished() {
      return finished;
    },
    get openTextBlock() {
      return openTextBlock;
    },
    pushText,
    push(event, out = []) {
      // Checked first: all but a handful of a stream's events are text deltas, mapped inline
      // into the caller's array with no intermediate one.
      if (event.type === 'content_block_delta') {
        const delta = event.delta;
        if (delta?.type === 'text_delta' && typeof event.index === 'number' && blocks.has(event.index)) {
          appendText(event.index, delta.text ?? '');
          emitText(delta.text ?? '', out);
          return out;
        }
      }
      const mapped = map(event);
      for (let i = 0; i < mapped.length; i++) out.push(mapped[i]!);
      return out;
    },
  };

  function map(event: AnthropicStreamEvent): ChatCompletionChunk[] {
    switch (event.type) {
      case 'message_start': {
        const message = event.message;
        if (!isObject(message)) throw invalid(`a message_start event whose message is ${kind(message)}, not an object`);
        if (typeof message.id === 'string') id = message.id;
        if (typeof message.model === 'string') model = message.model;
        usage = mergeAnthropicUsage(usage, checkedUsage(message.usage, 'message_start'));
        return deltaChunk({ role: 'assistant', content: '' });
      }
      case 'content_block_start':
        return startBlock(event);
      case 'content_block_delta':
        return blockDelta(event);
      case 'content_block_stop':
        return stopBlock(event);
      case 'message_delta': {
        usage = mergeAnthropicUsage(usage, checkedUsage(event.usage, 'message_delta'));
        const delta: unknown = event.delta;
        if (delta !== undefined && !isObject(delta)) throw invalid(`a message_delta event whose delta is ${kind(delta)}, not an object`);
        const reason = event.delta?.stop_reason;
        if (reason === undefined || reason === null) return [];
        const choice: AnthropicChunkChoice = { index: 0, delta: {}, finish_reason: mapAnthropicStopReason(reason) };
        const raw = providerFinishReason(reason);
        if (raw !== undefined) choice.provider_finish_reason = raw;
        return [chunk([choice])];
      }
      case 'message_stop': {
        finished = true;
        const kept = keepAnthropicBlocks(content, model);
        // The OpenAI convention for streamed usage: a last chunk with no choices.
        const last = chunk([]);
        last.usage = mapAnthropicUsage(usage);
        return kept === undefined ? [last] : [...deltaChunk({ provider_blocks: kept }), last];
      }
      default:
        // `ping`, and event types added after this was written, carry nothing to map.
        return [];
    }
  }

  /** Usage is absent or an object; null or anything else is refused (counts would be silently lost). */
  function checkedUsage(value: unknown, type: string): AnthropicUsage | undefined {
    if (value === undefined) return undefined;
    if (!isObject(value)) throw invalid(`a ${type} event whose usage is ${kind(value)}, not an object`);
    return value as AnthropicUsage;
  }
}

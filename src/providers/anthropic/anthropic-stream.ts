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
import { hasNativeBlocks, keepAnthropicBlocks } from './keep-anthropic-blocks.js';

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
  /**
   * The block's text deltas, joined into the kept block only when the message's blocks are kept
   * (`provider_blocks`): a string built up per delta, nearly always for nothing, held a string
   * node per delta for the whole stream and cost a 20,000-event stream 3% of its instructions
   * (see bench/README.md, "Tenth pass").
   */
  text: string[] | undefined;
}

export function createAnthropicStreamMapper(options: AnthropicStreamMapperOptions = {}): AnthropicStreamMapper {
  return new AnthropicChunks(options);
}

const defaultInvalid = (problem: string): LlmuxError =>
  new InvalidResponseError(`anthropic sent ${problem}`, { provider: 'anthropic', retryable: true });

/**
 * The mapper: a class, not closures per stream (see `transport/sse-parser.ts`).
 */
class AnthropicChunks implements AnthropicStreamMapper {
  readonly #created: number;
  readonly #invalid: (problem: string) => LlmuxError;
  readonly #blocks = new Map<number, BlockState>();
  /** The last block started: where an event without an index belongs. */
  #lastBlock: number | undefined = undefined;
  #id = '';
  #model = '';
  #usage: AnthropicUsage = {};
  #toolCount = 0;
  #finished = false;
  #openTextBlock: number | undefined = undefined;
  /** The text deltas of the open text block (its `BlockState.text`). */
  #openText: string[] | undefined = undefined;
  /**
   * The message's blocks as they add up (the whole `content` of a non-streamed response), and the
   * input JSON of each block still arriving: kept as `provider_blocks` when the turn has server
   * tool blocks or citations.
   */
  readonly #content: Record<string, unknown>[] = [];
  readonly #inputJson = new Map<number, string>();

  constructor(options: AnthropicStreamMapperOptions) {
    this.#created = options.created ?? Math.floor(Date.now() / 1000);
    this.#invalid = options.invalid ?? defaultInvalid;
  }

  get finished(): boolean {
    return this.#finished;
  }

  get openTextBlock(): number | undefined {
    return this.#openTextBlock;
  }

  pushText(text: string, out: ChatCompletionChunk[]): void {
    if (text) this.#openText?.push(text);
    this.#emitText(text, out);
  }

  push(event: AnthropicStreamEvent, out: ChatCompletionChunk[] = []): ChatCompletionChunk[] {
    // Checked first: all but a handful of a stream's events are text deltas, mapped inline
    // into the caller's array with no intermediate one.
    if (event.type === 'content_block_delta') {
      const delta = event.delta;
      if (delta?.type === 'text_delta' && typeof event.index === 'number' && this.#blocks.has(event.index)) {
        this.#appendText(event.index, delta.text ?? '');
        this.#emitText(delta.text ?? '', out);
        return out;
      }
    }
    const mapped = this.#map(event);
    for (let i = 0; i < mapped.length; i++) out.push(mapped[i]!);
    return out;
  }

  #appendText(index: number | undefined, text: string): void {
    if (!text || index === undefined) return;
    const state = this.#blocks.get(index);
    if (state !== undefined) (state.text ??= []).push(text);
  }

  /** Puts each block's text deltas into the block, for the blocks kept whole. */
  #joinTexts(): void {
    for (const [index, state] of this.#blocks) {
      const block = this.#content[index];
      if (block === undefined || state.text === undefined || state.text.length === 0) continue;
      block['text'] = String(block['text'] ?? '') + state.text.join('');
      state.text.length = 0;
    }
  }

  #emitText(text: string, out: ChatCompletionChunk[]): void {
    if (text)
      out.push({
        id: this.#id,
        object: 'chat.completion.chunk',
        created: this.#created,
        model: this.#model,
        choices: [{ index: 0, delta: { content: text }, finish_reason: null }],
      });
  }

  #chunk(choices: ChatCompletionChunkChoice[]): ChatCompletionChunk {
    return { id: this.#id, object: 'chat.completion.chunk', created: this.#created, model: this.#model, choices };
  }

  #deltaChunk(delta: ChatCompletionChunkDelta): ChatCompletionChunk[] {
    return [this.#chunk([{ index: 0, delta, finish_reason: null }])];
  }

  /**
   * The block an event is about: its index when valid; without one, the next block for a start
   * and the last one started otherwise. Anything else is refused: a block index is provider data.
   */
  #blockIndex(event: AnthropicStreamEvent, starting: boolean): number | undefined {
    const index: unknown = event.index;
    if (isStreamIndex(index)) return index;
    const last = this.#lastBlock;
    if (index === undefined || index === null) return starting ? (last === undefined ? 0 : last + 1) : last;
    throw this.#invalid(`a ${event.type} event whose index is not an integer from 0 to ${MAX_STREAM_INDEX}`);
  }

  #startBlock(event: AnthropicStreamEvent): ChatCompletionChunk[] {
    const block: unknown = event.content_block;
    if (!isObject(block)) throw this.#invalid(`a content_block_start event whose content_block is ${kind(block)}, not an object`);
    const index = this.#blockIndex(event, true)!;
    this.#lastBlock = index;
    const text = block['type'] === 'text';
    const state: BlockState = { type: String(block['type']), toolIndex: -1, hasArguments: false, text: text ? [] : undefined };
    this.#blocks.set(index, state);
    this.#content[index] = structuredClone(block);
    this.#openTextBlock = text ? index : undefined;
    this.#openText = state.text;
    return this.#startedBlock(event.content_block!, state);
  }

  #startedBlock(block: NonNullable<AnthropicStreamEvent['content_block']>, state: BlockState): ChatCompletionChunk[] {
    switch (block.type) {
      case 'text':
        return block.text ? this.#deltaChunk({ content: block.text }) : [];
      case 'tool_use': {
        state.toolIndex = this.#toolCount++;
        // The block opens with `input: {}` and the real input follows as JSON fragments; a
        // non-empty input here (some proxies send it whole) is the full argument text.
        const input = block.input;
        const args = input !== null && typeof input === 'object' && Object.keys(input).length > 0 ? JSON.stringify(input) : '';
        state.hasArguments = args !== '';
        return this.#deltaChunk({
          tool_calls: [
            { index: state.toolIndex, id: block.id ?? '', type: 'function', function: { name: block.name ?? '', arguments: args } },
          ],
        });
      }
      case 'thinking': {
        // Sent even when empty: it opens a new reasoning block for whoever folds the chunks.
        const detail: ReasoningDetail = { type: 'thinking', thinking: block.thinking ?? '' };
        if (block.signature) detail.signature = block.signature;
        detail.origin = { provider: 'anthropic', model: this.#model };
        const delta: ChatCompletionChunkDelta = { reasoning_details: [detail] };
        if (block.thinking) delta.reasoning_content = block.thinking;
        return this.#deltaChunk(delta);
      }
      case 'redacted_thinking':
        return this.#deltaChunk({
          reasoning_details: [{ type: 'redacted_thinking', data: block.data ?? '', origin: { provider: 'anthropic', model: this.#model } }],
        });
      default:
        return [];
    }
  }

  #blockDelta(event: AnthropicStreamEvent): ChatCompletionChunk[] {
    const delta = event.delta;
    if (!isObject(delta)) throw this.#invalid(`a content_block_delta event whose delta is ${kind(delta)}, not an object`);
    const index = this.#blockIndex(event, false);
    const state = index === undefined ? undefined : this.#blocks.get(index);
    if (state === undefined) return [];
    this.#recordDelta(index!, delta);
    switch (delta.type) {
      case 'text_delta':
        return delta.text ? this.#deltaChunk({ content: delta.text }) : [];
      case 'input_json_delta':
        // Server tools stream their input too; only client `tool_use` blocks are tool calls.
        if (state.type !== 'tool_use' || !delta.partial_json) return [];
        state.hasArguments = true;
        return this.#deltaChunk({ tool_calls: [{ index: state.toolIndex, function: { arguments: delta.partial_json } }] });
      case 'thinking_delta':
        return delta.thinking
          ? this.#deltaChunk({ reasoning_content: delta.thinking, reasoning_details: [{ type: 'thinking', thinking: delta.thinking }] })
          : [];
      case 'signature_delta':
        return delta.signature ? this.#deltaChunk({ reasoning_details: [{ type: 'thinking', signature: delta.signature }] }) : [];
      default:
        // citations_delta and newer kinds: no Chat Completions form yet.
        return [];
    }
  }

  /** Adds a delta to the block it belongs to, as Anthropic's streaming format defines. */
  #recordDelta(index: number, delta: NonNullable<AnthropicStreamEvent['delta']>): void {
    const block = this.#content[index];
    if (block === undefined) return;
    switch (delta.type) {
      case 'text_delta':
        this.#appendText(index, delta.text ?? '');
        break;
      case 'thinking_delta':
        block['thinking'] = String(block['thinking'] ?? '') + (delta.thinking ?? '');
        break;
      case 'signature_delta':
        block['signature'] = delta.signature;
        break;
      case 'input_json_delta':
        this.#inputJson.set(index, (this.#inputJson.get(index) ?? '') + (delta.partial_json ?? ''));
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

  #stopBlock(event: AnthropicStreamEvent): ChatCompletionChunk[] {
    const index = this.#blockIndex(event, false);
    const json = index === undefined ? undefined : this.#inputJson.get(index);
    if (json !== undefined && json !== '' && this.#content[index!] !== undefined) {
      try {
        this.#content[index!]!['input'] = JSON.parse(json);
      } catch {
        // A client tool call's broken arguments surface through its tool call; the block keeps `{}`.
      }
    }
    const state = index === undefined ? undefined : this.#blocks.get(index);
    if (index === this.#openTextBlock) {
      this.#openTextBlock = undefined;
      this.#openText = undefined;
    }
    // A call without arguments streams no fragment; `{}` keeps `arguments` valid JSON, as in a
    // non-streamed response.
    if (state?.type === 'tool_use' && !state.hasArguments) {
      state.hasArguments = true;
      return this.#deltaChunk({ tool_calls: [{ index: state.toolIndex, function: { arguments: '{}' } }] });
    }
    return [];
  }

  #map(event: AnthropicStreamEvent): ChatCompletionChunk[] {
    switch (event.type) {
      case 'message_start': {
        const message = event.message;
        if (!isObject(message)) throw this.#invalid(`a message_start event whose message is ${kind(message)}, not an object`);
        if (typeof message.id === 'string') this.#id = message.id;
        if (typeof message.model === 'string') this.#model = message.model;
        this.#usage = mergeAnthropicUsage(this.#usage, this.#checkedUsage(message.usage, 'message_start'));
        return this.#deltaChunk({ role: 'assistant', content: '' });
      }
      case 'content_block_start':
        return this.#startBlock(event);
      case 'content_block_delta':
        return this.#blockDelta(event);
      case 'content_block_stop':
        return this.#stopBlock(event);
      case 'message_delta': {
        this.#usage = mergeAnthropicUsage(this.#usage, this.#checkedUsage(event.usage, 'message_delta'));
        const delta: unknown = event.delta;
        if (delta !== undefined && !isObject(delta))
          throw this.#invalid(`a message_delta event whose delta is ${kind(delta)}, not an object`);
        const reason = event.delta?.stop_reason;
        if (reason === undefined || reason === null) return [];
        const choice: AnthropicChunkChoice = { index: 0, delta: {}, finish_reason: mapAnthropicStopReason(reason) };
        const raw = providerFinishReason(reason);
        if (raw !== undefined) choice.provider_finish_reason = raw;
        return [this.#chunk([choice])];
      }
      case 'message_stop': {
        this.#finished = true;
        if (hasNativeBlocks(this.#content)) this.#joinTexts();
        const kept = keepAnthropicBlocks(this.#content, this.#model);
        // The OpenAI convention for streamed usage: a last chunk with no choices.
        const last = this.#chunk([]);
        last.usage = mapAnthropicUsage(this.#usage);
        return kept === undefined ? [last] : [...this.#deltaChunk({ provider_blocks: kept }), last];
      }
      default:
        // `ping`, and event types added after this was written, carry nothing to map.
        return [];
    }
  }

  /** Usage is absent or an object; null or anything else is refused (counts would be silently lost). */
  #checkedUsage(value: unknown, type: string): AnthropicUsage | undefined {
    if (value === undefined) return undefined;
    if (!isObject(value)) throw this.#invalid(`a ${type} event whose usage is ${kind(value)}, not an object`);
    return value as AnthropicUsage;
  }
}

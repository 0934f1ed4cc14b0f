/**
 * Folds streamed chunks into the `chat.completion` they add up to: text concatenated, tool-call
 * argument fragments merged by index, usage kept; also used to report partial responses. A
 * chunk is checked whole before any of it is folded: a bad one throws `InvalidResponseError`
 * and leaves the accumulator as it was.
 */
import { InvalidResponseError } from '../base/errors.js';
import type {
  ProviderBlocks,
  ChatCompletionAnnotation,
  ChatCompletionChunk,
  ChatCompletionChunkChoice,
  Cost,
  ChatCompletionMessageToolCall,
  FinishReason,
  LlmuxWarning,
  ModelResponse,
  PartialModelResponse,
  ReasoningDetail,
  Usage,
} from '../base/types.js';
import { objectList } from '../util/object-list.js';
import { describeInvalidChoices, describeInvalidChunk, isObject, isStreamIndex } from './check-chunk.js';

interface ChoiceState {
  content: string[];
  refusal: string[];
  reasoning: string[];
  reasoningDetails: ReasoningDetail[];
  toolCalls: ChatCompletionMessageToolCall[];
  annotations: ChatCompletionAnnotation[];
  finishReason: FinishReason | null;
  providerFinishReason: string | undefined;
  providerBlocks: ProviderBlocks | undefined;
}

export interface ChunkAccumulator {
  /**
   * Folds one chunk in. Throws `InvalidResponseError` (carrying the response so far) for a chunk
   * that cannot be folded: a choice or tool-call index that is not an integer from 0 to 1023, or
   * a field of the wrong type. A missing index is filled in on the chunk itself, so that whoever
   * reads the chunks afterwards sees the numbering the response uses: a choice takes its
   * position in the chunk; a tool call with a new `id` starts a new call, one with a known `id`
   * or none continues that call or the last one.
   */
  add(chunk: ChatCompletionChunk): void;
  /** Number of chunks added so far. */
  readonly count: number;
  /** The response assembled so far; callable at any point, including after a failure. */
  snapshot(): PartialModelResponse;
  /** The final response of a stream that ended normally (a missing finish reason means `stop`). */
  result(): ModelResponse;
}

/** Creates an empty accumulator. */
export function createChunkAccumulator(provider?: string): ChunkAccumulator {
  return new ChunkFold(provider);
}

/** The text lists start as object lists (see `objectList`): with many streams open, a `[]` here deoptimized `add`. */
function newChoice(): ChoiceState {
  return {
    content: objectList(),
    refusal: objectList(),
    reasoning: objectList(),
    reasoningDetails: [],
    toolCalls: [],
    annotations: [],
    finishReason: null,
    providerFinishReason: undefined,
    providerBlocks: undefined,
  };
}

/** The accumulator: a class, not closures per stream (see `sse-parser.ts`). */
class ChunkFold implements ChunkAccumulator {
  readonly #provider: string | undefined;
  readonly #choices: ChoiceState[] = [];
  #id = '';
  #created = 0;
  #model = '';
  #usage: Usage | undefined = undefined;
  #cost: Cost | undefined = undefined;
  #systemFingerprint: string | undefined = undefined;
  #serviceTier: ChatCompletionChunk['service_tier'] = undefined;
  #upstreamProvider: string | undefined = undefined;
  #warnings: LlmuxWarning[] | undefined = undefined;
  #count = 0;

  constructor(provider: string | undefined) {
    this.#provider = provider;
  }

  get count(): number {
    return this.#count;
  }

  /**
   * Nearly every chunk of a stream is a text delta and nothing else: one choice at index 0 with
   * a string `content`, no finish reason, usage, cost or other delta field. Such a chunk is
   * checked by those few reads and its text folded here; any other goes through `#addChoices`.
   * Two functions, not one: the JIT compiles this one alone, and a burst of fresh streams spent
   * more compiling the whole fold than running it (see bench/README.md, "Sixth pass").
   */
  add(chunk: ChatCompletionChunk): void {
    const list = isObject(chunk) && chunk.usage == null && chunk.cost == null ? chunk.choices : undefined;
    const c = Array.isArray(list) && list.length === 1 ? (list[0] as unknown) : undefined;
    const delta = isObject(c) && c.index === 0 && c.finish_reason == null && c.provider_finish_reason == null ? c.delta : undefined;
    const d = isObject(delta) ? delta : undefined;
    const content = d?.content;
    if (
      typeof content === 'string' &&
      d!.refusal == null &&
      d!.reasoning_content == null &&
      d!.reasoning_details == null &&
      d!.annotations == null &&
      d!.tool_calls == null &&
      d!.provider_blocks == null
    ) {
      // The choice exists from its first chunk on, text or not, as on the full path.
      const state = this.#choices[0] ?? (this.#choices[0] = newChoice());
      if (content !== '') state.content.push(content);
    } else this.#addChoices(chunk);
    this.#count++;
    if (typeof chunk.id === 'string' && chunk.id !== '') this.#id = chunk.id;
    if (typeof chunk.created === 'number' && chunk.created) this.#created = chunk.created;
    if (typeof chunk.model === 'string' && chunk.model !== '') this.#model = chunk.model;
    if (chunk.usage) this.#usage = chunk.usage;
    if (chunk.cost) this.#cost = chunk.cost;
    // Some servers send null here; the OpenAI type says string or absent.
    if (typeof chunk.system_fingerprint === 'string') this.#systemFingerprint = chunk.system_fingerprint;
    if (chunk.service_tier !== undefined) this.#serviceTier = chunk.service_tier;
    if (chunk.upstream_provider !== undefined) this.#upstreamProvider = chunk.upstream_provider;
    if (Array.isArray(chunk.warnings) && chunk.warnings.length > 0) (this.#warnings ??= []).push(...chunk.warnings);
  }

  /**
   * Any chunk but a plain text delta: one pass over it, each field read once, checked, then
   * folded. A chunk's choices are all checked before any is folded: with one choice (nearly
   * every chunk) that is the check written out below, with more (or tool calls, reasoning
   * details, annotations) it is `describeInvalidChoices` first. Anything refused is described by
   * `describeInvalidChunk`, whose rules the checks here repeat, so the message names the field
   * as before. The chunk's own fields (id, model, usage, ...) are folded by `add`.
   */
  #addChoices(chunk: ChatCompletionChunk): void {
    if (!isObject(chunk)) this.#refuse(chunk);
    const { usage, cost, choices: list } = chunk;
    if ((usage != null && !isObject(usage)) || (cost != null && !isObject(cost))) this.#refuse(chunk);
    const count = list == null ? 0 : Array.isArray(list) ? list.length : -1;
    if (count < 0 || (count > 1 && describeInvalidChoices(list, false) !== undefined)) this.#refuse(chunk);
    const choices = this.#choices;
    // Indexed loops: this runs once per chunk, often before the JIT has optimised it.
    for (let i = 0; i < count; i++) {
      const c = list[i] as Partial<ChatCompletionChunkChoice> | null;
      if (!isObject(c)) this.#refuse(chunk);
      const { index, finish_reason: reason, provider_finish_reason: raw, delta: d } = c;
      if (
        (index != null && !isStreamIndex(index)) ||
        (reason != null && typeof reason !== 'string') ||
        (raw != null && typeof raw !== 'string')
      )
        this.#refuse(chunk);
      let content, refusal, reasoning, details, annotations, calls;
      if (d != null) {
        if (typeof d !== 'object' || Array.isArray(d)) this.#refuse(chunk);
        ({ content, refusal, reasoning_content: reasoning, reasoning_details: details, annotations, tool_calls: calls } = d);
        if (
          (content != null && typeof content !== 'string') ||
          (refusal != null && typeof refusal !== 'string') ||
          (reasoning != null && typeof reasoning !== 'string')
        )
          this.#refuse(chunk);
        if (count === 1 && (details != null || annotations != null || calls != null) && describeInvalidChoices(list, false) !== undefined)
          this.#refuse(chunk);
      }
      // Checked: an index from 0 to 1023, or missing (then the choice's position).
      const slot = index ?? (c.index = i);
      const state = choices[slot] ?? (choices[slot] = newChoice());
      if (raw) state.providerFinishReason = raw;
      if (d != null) {
        if (content) state.content.push(content);
        if (refusal) state.refusal.push(refusal);
        if (reasoning) state.reasoning.push(reasoning);
        if (details) mergeReasoningDetails(state.reasoningDetails, details);
        if (d.provider_blocks) state.providerBlocks = d.provider_blocks;
        if (annotations) for (let j = 0; j < annotations.length; j++) state.annotations.push(annotations[j]!);
        if (calls) for (let j = 0; j < calls.length; j++) mergeToolCall(state.toolCalls, calls[j]!);
      }
      if (reason) state.finishReason = reason;
    }
  }

  /** Throws the `InvalidResponseError` for a chunk the checks in `add` refused, before any of it was folded. */
  #refuse(chunk: unknown): never {
    const problem = describeInvalidChunk(chunk) ?? 'it is not a chat.completion.chunk';
    throw new InvalidResponseError(`${this.#provider ?? 'The provider'} sent a stream chunk that cannot be used: ${problem}`, {
      provider: this.#provider,
      retryable: true,
      partialResponse: this.#count > 0 ? this.snapshot() : undefined,
    });
  }

  snapshot(): PartialModelResponse {
    const response: PartialModelResponse = {
      id: this.#id,
      object: 'chat.completion',
      created: this.#created,
      model: this.#model,
      // Only the choices that arrived: an index past the others leaves no empty slots.
      choices: this.#choices.flatMap((s, index) => {
        const message: ModelResponse['choices'][number]['message'] = {
          role: 'assistant',
          content: s.content.length > 0 ? s.content.join('') : null,
          refusal: s.refusal.length > 0 ? s.refusal.join('') : null,
        };
        const toolCalls = s.toolCalls.filter(Boolean);
        if (toolCalls.length > 0) message.tool_calls = toolCalls.map((t) => ({ ...t, function: { ...t.function } }));
        if (s.reasoning.length > 0) message.reasoning_content = s.reasoning.join('');
        if (s.reasoningDetails.length > 0) message.reasoning_details = s.reasoningDetails.map((r) => ({ ...r }));
        if (s.annotations.length > 0) message.annotations = s.annotations.map((a) => ({ ...a, url_citation: { ...a.url_citation } }));
        if (s.providerBlocks !== undefined)
          message.provider_blocks = { ...s.providerBlocks, blocks: s.providerBlocks.blocks.map((b) => structuredClone(b)) };
        const choice: PartialModelResponse['choices'][number] = { index, message, finish_reason: s.finishReason, logprobs: null };
        if (s.providerFinishReason !== undefined) choice.provider_finish_reason = s.providerFinishReason;
        return [choice];
      }),
    };
    if (this.#usage !== undefined) response.usage = this.#usage;
    if (this.#cost !== undefined) response.cost = this.#cost;
    if (this.#systemFingerprint !== undefined) response.system_fingerprint = this.#systemFingerprint;
    if (this.#serviceTier !== undefined) response.service_tier = this.#serviceTier;
    if (this.#provider !== undefined) response.provider = this.#provider;
    if (this.#upstreamProvider !== undefined) response.upstream_provider = this.#upstreamProvider;
    if (this.#warnings !== undefined) response.warnings = [...this.#warnings];
    return response;
  }

  result(): ModelResponse {
    const snap = this.snapshot();
    return { ...snap, choices: snap.choices.map((c) => ({ ...c, finish_reason: c.finish_reason ?? 'stop' })) };
  }
}

type ToolCallDelta = NonNullable<ChatCompletionChunk['choices'][number]['delta']['tool_calls']>[number];

/**
 * Where a tool-call fragment goes: its index when it has one (checked: 0 to 1023). Without one
 * (Gemini's OpenAI-compatible endpoint sends none): the call with its id, or a new call for a
 * new id; without an id either, the call in progress, unless that call is named already and the
 * fragment names one too (a whole call sent in one piece), which starts a new call.
 */
function toolCallSlot(calls: readonly (ChatCompletionMessageToolCall | undefined)[], delta: ToolCallDelta): number {
  if (delta.index != null) return delta.index;
  if (typeof delta.id === 'string' && delta.id !== '') {
    for (let k = calls.length - 1; k >= 0; k--) if (calls[k]?.id === delta.id) return k;
    return calls.length;
  }
  const last = calls[calls.length - 1];
  if (last === undefined) return 0;
  return last.function.name !== '' && delta.function?.name ? calls.length : calls.length - 1;
}

function mergeToolCall(calls: ChatCompletionMessageToolCall[], delta: ToolCallDelta): void {
  const slot = toolCallSlot(calls, delta);
  if (delta.index == null) delta.index = slot;
  const existing = calls[slot];
  if (existing === undefined) {
    calls[slot] = {
      id: delta.id ?? '',
      type: 'function',
      function: { name: delta.function?.name ?? '', arguments: delta.function?.arguments ?? '' },
    };
    return;
  }
  if (delta.id) existing.id = delta.id;
  // Some servers repeat the full name on every fragment; only a new piece is appended.
  if (delta.function?.name && delta.function.name !== existing.function.name) existing.function.name += delta.function.name;
  if (delta.function?.arguments) existing.function.arguments += delta.function.arguments;
}

/** Reasoning blocks stream as fragments of the same block until the type changes or a signature closes it. */
function mergeReasoningDetails(into: ReasoningDetail[], parts: readonly ReasoningDetail[]): void {
  for (const part of parts) {
    const last = into[into.length - 1];
    const sameBlock =
      last !== undefined &&
      last.type === part.type &&
      !last.signature &&
      part.data === undefined &&
      (last.index === undefined || part.index === undefined || last.index === part.index);
    if (!sameBlock) {
      into.push({ ...part });
      continue;
    }
    if (part.thinking) last.thinking = (last.thinking ?? '') + part.thinking;
    if (part.text) last.text = (last.text ?? '') + part.text;
    if (part.summary) last.summary = (last.summary ?? '') + part.summary;
    if (part.signature) last.signature = part.signature;
    if (part.format != null && last.format == null) last.format = part.format;
  }
}

/**
 * Folds streamed chunks into the `chat.completion` they add up to: text concatenated, tool-call
 * argument fragments merged by index, usage kept. Pure; also used to report partial responses.
 */
import type {
  ChatCompletionAnnotation,
  ChatCompletionChunk,
  Cost,
  ChatCompletionMessageToolCall,
  FinishReason,
  ModelResponse,
  PartialModelResponse,
  ReasoningDetail,
  Usage,
} from '../types.js';

interface ChoiceState {
  content: string[];
  refusal: string[];
  reasoning: string[];
  reasoningDetails: ReasoningDetail[];
  annotations: ChatCompletionAnnotation[];
  toolCalls: ChatCompletionMessageToolCall[];
  finishReason: FinishReason | null;
}

export interface ChunkAccumulator {
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
  const choices: ChoiceState[] = [];
  let id = '';
  let created = 0;
  let model = '';
  let usage: Usage | undefined;
  let cost: Cost | undefined;
  let systemFingerprint: string | undefined;
  let serviceTier: ChatCompletionChunk['service_tier'];
  let upstreamProvider: string | undefined;
  let count = 0;

  const choiceAt = (index: number): ChoiceState =>
    (choices[index] ??= { content: [], refusal: [], reasoning: [], reasoningDetails: [], annotations: [], toolCalls: [], finishReason: null });

  return {
    get count() {
      return count;
    },
    add(chunk) {
      count++;
      if (chunk.id) id = chunk.id;
      if (chunk.created) created = chunk.created;
      if (chunk.model) model = chunk.model;
      if (chunk.usage) usage = chunk.usage;
      if (chunk.cost) cost = chunk.cost;
      // Some servers send null here; the OpenAI type says string or absent.
      if (typeof chunk.system_fingerprint === 'string') systemFingerprint = chunk.system_fingerprint;
      if (chunk.service_tier !== undefined) serviceTier = chunk.service_tier;
      if (chunk.upstream_provider !== undefined) upstreamProvider = chunk.upstream_provider;
      // Indexed loops: this runs once per chunk, often before the JIT has optimised it.
      const list = chunk.choices;
      for (let i = 0; i < list.length; i++) {
        const c = list[i]!;
        const state = choices[c.index] ?? choiceAt(c.index);
        const d = c.delta;
        if (d.content) state.content.push(d.content);
        if (d.refusal) state.refusal.push(d.refusal);
        if (d.reasoning_content) state.reasoning.push(d.reasoning_content);
        if (d.reasoning_details) mergeReasoningDetails(state.reasoningDetails, d.reasoning_details);
        if (d.annotations) for (let j = 0; j < d.annotations.length; j++) state.annotations.push(d.annotations[j]!);
        if (d.tool_calls) for (let j = 0; j < d.tool_calls.length; j++) mergeToolCall(state.toolCalls, d.tool_calls[j]!);
        if (c.finish_reason) state.finishReason = c.finish_reason;
      }
    },
    snapshot() {
      const response: PartialModelResponse = {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: choices.map((s, index) => {
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
          return { index, message, finish_reason: s.finishReason, logprobs: null };
        }),
      };
      if (usage !== undefined) response.usage = usage;
      if (cost !== undefined) response.cost = cost;
      if (systemFingerprint !== undefined) response.system_fingerprint = systemFingerprint;
      if (serviceTier !== undefined) response.service_tier = serviceTier;
      if (provider !== undefined) response.provider = provider;
      if (upstreamProvider !== undefined) response.upstream_provider = upstreamProvider;
      return response;
    },
    result() {
      const snap = this.snapshot();
      return { ...snap, choices: snap.choices.map((c) => ({ ...c, finish_reason: c.finish_reason ?? 'stop' })) };
    },
  };
}

function mergeToolCall(calls: ChatCompletionMessageToolCall[], delta: NonNullable<ChatCompletionChunk['choices'][number]['delta']['tool_calls']>[number]): void {
  const existing = calls[delta.index];
  if (existing === undefined) {
    calls[delta.index] = {
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

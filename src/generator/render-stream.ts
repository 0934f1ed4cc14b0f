/**
 * The template of a draft's stream mapping: SSE events (or NDJSON lines, read as events by
 * `llmux/adapter-kit`) as chat.completion.chunk objects. Pure.
 */
import { J } from './render-helpers.js';
import type { ProviderSpec } from './provider-spec.js';

export function parseStream(spec: ProviderSpec, P: string): string {
  const s = spec.stream;
  return `import { parseJsonBody } from 'llmux/adapter-kit';
import { getPath } from './${spec.provider}-json-path.js';
import { map${P}StreamError } from './map-${spec.provider}-error.js';
import { map${P}StopReason } from './map-${spec.provider}-stop-reason.js';
import { create${P}ToolCallStream } from './map-${spec.provider}-tool-calls.js';
import { map${P}Usage } from './map-${spec.provider}-usage.js';

const STREAM = ${J(s)};

/**
 * Maps records to chunks; \`done\` turns true at the end marker.
 * @param {import('llmux').AdapterContext} context
 * @param {(chunk: import('llmux').ChatCompletionChunk, payload: unknown) => import('llmux').ChatCompletionChunk} transform
 */
export function create${P}ChunkMapper(context, transform) {
  const state = { id: \`${spec.provider}-\${Date.now().toString(36)}\`, model: context.model, created: Math.floor(Date.now() / 1000), role: false, finished: false, done: false };
  const toolCalls = create${P}ToolCallStream(\`call_\${Date.now().toString(36)}\`);
  /**
   * @param {import('llmux').ChatCompletionChunk['choices']} choices
   * @param {unknown} payload the event it came from (for hooks.transformChunk)
   * @param {Partial<import('llmux').ChatCompletionChunk>} [extra]
   */
  const chunk = (choices, payload, extra) => transform({ id: state.id, object: 'chat.completion.chunk', created: state.created, model: state.model, choices, ...extra }, payload);
  /**
   * @param {import('llmux').ChatCompletionChunkDelta} delta
   * @param {unknown} payload
   */
  const say = (delta, payload) => {
    const first = !state.role;
    state.role = true;
    return chunk([{ index: 0, delta: first ? { role: 'assistant', ...delta } : delta, finish_reason: null }], payload);
  };
  return {
    state,
    /**
     * @param {import('llmux/adapter-kit').SSEEvent} record an SSE event, or an NDJSON line as one
     * @returns {import('llmux').ChatCompletionChunk[]}
     */
    map(record) {
      if (STREAM.doneData !== null && record.data.trim() === STREAM.doneData) {
        state.done = true;
        return state.finished ? [] : finish('stop', undefined);
      }
      if (record.data.trim() === '' && record.event === undefined) return [];
      // Bounded in depth, and quoted redacted when it is not JSON.
      /** @type {unknown} */
      const payload = record.data.trim() === '' ? {} : parseJsonBody(record.data, context);
      const type = STREAM.typeSource === 'event' ? record.event : getPath(payload, STREAM.typeField);
      const id = getPath(payload, STREAM.idPath);
      if (typeof id === 'string' && id !== '') state.id = id;
      const model = getPath(payload, STREAM.modelPath);
      if (typeof model === 'string' && model !== '') state.model = model;
      /** @type {import('llmux').ChatCompletionChunk[]} */
      const out = [];
      if (STREAM.errorType !== null && type === STREAM.errorType) {
        throw map${P}StreamError(payload, context);
      }
      if (type === STREAM.textType) {
        const text = getPath(payload, STREAM.textPath);
        if (typeof text === 'string' && text !== '') out.push(say({ content: text }, payload));
      }
      if (toolCalls.accepts(type)) {
        const deltas = toolCalls.map(payload);
        if (deltas.length > 0) out.push(say({ tool_calls: deltas }, payload));
      }
      if (type === STREAM.finishType && !state.finished) out.push(...finish(map${P}StopReason(getPath(payload, STREAM.stopReasonPath)), payload));
      if (STREAM.usageType !== null && type === STREAM.usageType) {
        const usage = map${P}Usage(payload, STREAM.usage);
        if (usage !== undefined) out.push(chunk([], payload, { usage }));
      }
      if (STREAM.doneType !== null && type === STREAM.doneType) {
        state.done = true;
        if (!state.finished) out.push(...finish('stop', payload));
      }
      return out;
    },
  };

  /**
   * One finish per stream; an answer that called tools finishes with "tool_calls", whatever word the provider used.
   * @param {import('llmux').FinishReason} reason
   * @param {unknown} payload
   */
  function finish(reason, payload) {
    state.finished = true;
    const finish_reason = reason === 'stop' && toolCalls.opened() > 0 ? 'tool_calls' : reason;
    return [chunk([{ index: 0, delta: state.role ? {} : { role: 'assistant' }, finish_reason }], payload)];
  }
}
`;
}

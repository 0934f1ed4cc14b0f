/**
 * The template of a draft's adapter module: the seam (specificationVersion, provider, stream,
 * complete), sending and streaming through `llmux/adapter-kit`, the hooks held to their contract. Pure.
 */
import { J, camel } from './render-helpers.js';
import type { ProviderSpec } from './provider-spec.js';

export function adapterModule(spec: ProviderSpec, P: string): string {
  const p = spec.provider;
  const r = spec.response;
  const ndjson = spec.stream.format === 'ndjson';
  return `import { ${ndjson ? 'ndjsonAsEventStream, ' : ''}parseJsonBody, postJson, streamEvents, truncated } from 'llmux/adapter-kit';
import { convertTo${P}Request, headersFor${P} } from './convert-to-${p}-request.js';
import * as hooksModule from './${p}-hooks.js';
import { getPath } from './${p}-json-path.js';
import { map${P}Error } from './map-${p}-error.js';
import { map${P}StopReason } from './map-${p}-stop-reason.js';
import { read${P}ToolCalls } from './map-${p}-tool-calls.js';
import { map${P}Usage } from './map-${p}-usage.js';
import { create${P}ChunkMapper } from './parse-${p}-stream.js';

const ENDPOINT = ${J(spec.chat)};
const RESPONSE = ${J(r)};

/**
 * What \`${p}-hooks.js\` may export, each optional (other exports are its own helpers);
 * returning undefined keeps the value as it was.
 * @typedef {{
 *   transformBody?: (body: Record<string, unknown>, request: import('llmux').ChatRequest, context: import('llmux').AdapterContext) => Record<string, unknown> | undefined,
 *   transformChunk?: (chunk: import('llmux').ChatCompletionChunk, payload: unknown) => import('llmux').ChatCompletionChunk | undefined,
 *   transformResponse?: (response: import('llmux').ModelResponse, payload: unknown) => import('llmux').ModelResponse | undefined,
 *   [helper: string]: unknown,
 * }} ${P}Hooks
 */

/**
 * The hooks module held to that contract, so the type-check names a hook that breaks it.
 * @type {${P}Hooks}
 */
const hooks = hooksModule;

/** @type {import('llmux').ProviderAdapter} */
export const ${camel(P)}Adapter = {
  specificationVersion: 'v1',
  provider: ${J(p)},

  stream(request, context) {
    const mapper = create${P}ChunkMapper(context, transformChunk);
    // llmux's stream loop: caps, the caller's timeout and abort, the body released on every way out.
    return streamEvents(context, {
      open: () => open(request, context, true),
      map(record, out) {
        out.push(...mapper.map(record));
        return !mapper.state.done;
      },
      complete: () => mapper.state.done,
      truncated: () => truncated(context, undefined, 'its end marker'),
    });
  },

  async complete(request, context) {
    const response = await open(request, context, false);
    /** @type {unknown} */
    const payload = parseJsonBody(await response.text(), context, response.headers['x-request-id'] ?? response.headers['request-id']);
    const id = getPath(payload, RESPONSE.idPath);
    const model = getPath(payload, RESPONSE.modelPath);
    const content = getPath(payload, RESPONSE.textPath);
    const usage = map${P}Usage(payload, RESPONSE.usage);
    const toolCalls = read${P}ToolCalls(payload, \`call_\${Date.now().toString(36)}\`);
    const reason = map${P}StopReason(getPath(payload, RESPONSE.stopReasonPath));
    /** @type {import('llmux').ChatCompletionMessage} */
    const message = { role: 'assistant', content: typeof content === 'string' && (content !== '' || toolCalls.length === 0) ? content : null, refusal: null };
    if (toolCalls.length > 0) message.tool_calls = toolCalls;
    /** @type {import('llmux').ModelResponse} */
    const result = {
      id: typeof id === 'string' && id !== '' ? id : \`${p}-\${Date.now().toString(36)}\`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: typeof model === 'string' && model !== '' ? model : context.model,
      // An answer that called tools finishes with "tool_calls", whatever word the provider used.
      choices: [{ index: 0, message, finish_reason: reason === 'stop' && toolCalls.length > 0 ? 'tool_calls' : reason, logprobs: null }],
      ...(usage === undefined ? {} : { usage }),
    };
    return typeof hooks.transformResponse === 'function' ? (hooks.transformResponse(result, payload) ?? result) : result;
  },
};

export default ${camel(P)}Adapter;

/**
 * Sends the request through llmux's JSON POST (body cap, timeout, deadline, abort); an error
 * status becomes a typed error.
 * @param {import('llmux').ChatRequest} request
 * @param {import('llmux').AdapterContext} context
 * @param {boolean} stream
 */
async function open(request, context, stream) {
  let body = convertTo${P}Request(request, context, stream);
  if (typeof hooks.transformBody === 'function') body = hooks.transformBody(body, request, context) ?? body;
  const path = stream && ENDPOINT.streamPath !== null ? ENDPOINT.streamPath : ENDPOINT.path;
  ${
    ndjson
      ? `const response = await postJson(context, context.baseURL + path, headersFor${P}(context, stream), body, map${P}Error);
  // NDJSON lines as SSE events, so the stream goes through the same loop as every SSE provider.
  return stream ? ndjsonAsEventStream(response) : response;`
      : `return postJson(context, context.baseURL + path, headersFor${P}(context, stream), body, map${P}Error);`
  }
}

function transformChunk(chunk, payload) {
  return typeof hooks.transformChunk === 'function' ? (hooks.transformChunk(chunk, payload) ?? chunk) : chunk;
}
`;
}

/**
 * The templates of a draft's request side: dot-path helpers, and the OpenAI-shaped request as the
 * provider's body and headers (sent through `llmux/adapter-kit`'s header merge). Pure.
 */
import { J, camel } from './render-helpers.js';
import type { ProviderSpec } from './provider-spec.js';

/** The dot-path helpers every draft file reads and writes JSON with. */
export const JSON_PATH = `
/** The value at a dot path (\`output.text\`, \`choices.0.delta\`), or undefined. */
export function getPath(value, path) {
  if (path === null || path === undefined || path === '') return undefined;
  let at = value;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = at[key];
  }
  return at;
}

/** Sets a dot path, creating objects on the way. */
export function setPath(target, path, value) {
  const keys = path.split('.');
  let at = target;
  for (const key of keys.slice(0, -1)) {
    if (at[key] === null || typeof at[key] !== 'object') at[key] = {};
    at = at[key];
  }
  at[keys[keys.length - 1]] = value;
}
`;

export function convertRequest(spec: ProviderSpec, P: string): string {
  const accept = spec.stream.format === 'sse' ? 'text/event-stream' : 'application/x-ndjson';
  return `import { BadRequestError } from 'llmux';
import { buildRequestHeaders } from 'llmux/adapter-kit';
import { setPath } from './${spec.provider}-json-path.js';
import { add${P}Calls, add${P}Tools, ${camel(P)}ResultTurn } from './convert-${spec.provider}-tools.js';

const FIELDS = ${J(spec.request)};
const FIXED_HEADERS = ${J(Object.fromEntries(spec.headers.map((h) => [h.name.toLowerCase(), h.value])))};
const AUTH = ${J(spec.auth)};

/**
 * @param {import('llmux').ChatRequest} request
 * @param {import('llmux').AdapterContext} context
 * @param {boolean} stream
 * @returns {Record<string, unknown>}
 */
export function convertTo${P}Request(request, context, stream) {
  /** @type {Record<string, unknown>} */
  const body = {};
  setPath(body, FIELDS.modelField, context.model);
  const system = [];
  const turns = [];
  /** @type {Map<string, string>} function names by call id, for result turns that name the function */
  const names = new Map();
  for (const message of request.messages) {
    if (message.role === 'system' || message.role === 'developer') {
      const text = textOf(message.content);
      if (FIELDS.roles.system === null) system.push(text);
      else turns.push(turn(FIELDS.roles.system, text));
    } else if (message.role === 'user') turns.push(turn(FIELDS.roles.user, textOf(message.content)));
    else if (message.role === 'assistant') {
      const assistant = turn(FIELDS.roles.assistant, textOf(message.content));
      if (message.tool_calls !== undefined && message.tool_calls.length > 0) {
        for (const call of message.tool_calls) if (call.type === 'function') names.set(call.id, call.function.name);
        add${P}Calls(assistant, message.tool_calls, context);
      }
      turns.push(assistant);
    } else if (message.role === 'tool') turns.push(${camel(P)}ResultTurn(message, textOf(message.content), names, FIELDS.roleField, context));
    else throw new BadRequestError(\`\${context.provider} takes no \${message.role} messages (send tool results as role "tool")\`, { provider: context.provider, model: context.model, retryable: false });
  }
  if (system.length > 0) {
    if (FIELDS.systemField !== null) setPath(body, FIELDS.systemField, system.join('\\n\\n'));
    else turns.unshift(turn(FIELDS.roles.user, system.join('\\n\\n')));
  }
  setPath(body, FIELDS.messagesField, turns);
  add${P}Tools(body, request, context);
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (FIELDS.maxTokensField !== null && maxTokens !== undefined && maxTokens !== null) setPath(body, FIELDS.maxTokensField, maxTokens);
  if (FIELDS.temperatureField !== null && typeof request.temperature === 'number') setPath(body, FIELDS.temperatureField, request.temperature);
  if (FIELDS.topPField !== null && typeof request.top_p === 'number') setPath(body, FIELDS.topPField, request.top_p);
  if (FIELDS.stopField !== null && request.stop !== undefined && request.stop !== null) setPath(body, FIELDS.stopField, Array.isArray(request.stop) ? request.stop : [request.stop]);
  if (FIELDS.streamField !== null) setPath(body, FIELDS.streamField, stream);
  return body;
}

/**
 * @param {import('llmux').AdapterContext} context
 * @param {boolean} stream
 * @returns {Record<string, string>}
 */
export function headersFor${P}(context, stream) {
  const defaults = { 'content-type': 'application/json', accept: stream ? ${J(accept)} : 'application/json', ...FIXED_HEADERS };
  // llmux's header merge: a caller's own auth header replaces the key's, and \`null\` unsets a default.
  return buildRequestHeaders(context, defaults, context.apiKey === undefined ? undefined : { [AUTH.header]: AUTH.prefix + context.apiKey });
}

/**
 * @param {string} role
 * @param {string} text
 * @returns {Record<string, unknown>}
 */
function turn(role, text) {
  /** @type {Record<string, unknown>} */
  const out = {};
  setPath(out, FIELDS.roleField, role);
  setPath(out, FIELDS.contentField, text);
  return out;
}

/**
 * Text of a message; image and other parts are dropped.
 * @param {unknown} content
 * @returns {string}
 */
function textOf(content) {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (part && part.type === 'text' ? part.text : '')).join('');
}
`;
}

/**
 * The templates of a draft's tool calling: tools, tool choice and results sent, and tool calls
 * read (whole and streamed); a provider without tools refuses them. Pure.
 */
import { J, camel } from './render-helpers.js';
import type { ProviderSpec, ToolSpec } from './provider-spec.js';

/** The tool module of a provider without tool calling: a request that needs tools is refused, never sent without them. */
export function noToolsRequest(spec: ProviderSpec, P: string): string {
  return `import { BadRequestError } from 'llmux';

/**
 * ${spec.provider} has no tool calling: tools (unless tool_choice is "none") are refused.
 * @param {Record<string, unknown>} body
 * @param {import('llmux').ChatRequest} request
 * @param {import('llmux').AdapterContext} context
 */
export function add${P}Tools(body, request, context) {
  if ((request.tools ?? []).length > 0 && request.tool_choice !== 'none') throw refuse(context);
}

/**
 * @param {Record<string, unknown>} turn
 * @param {unknown[]} calls
 * @param {import('llmux').AdapterContext} context
 */
export function add${P}Calls(turn, calls, context) {
  throw refuse(context);
}

/**
 * @param {import('llmux').ChatCompletionToolMessageParam} message
 * @param {string} text
 * @param {Map<string, string>} names
 * @param {string} roleField
 * @param {import('llmux').AdapterContext} context
 * @returns {Record<string, unknown>}
 */
export function ${camel(P)}ResultTurn(message, text, names, roleField, context) {
  throw refuse(context);
}

/** @param {import('llmux').AdapterContext} context */
function refuse(context) {
  return new BadRequestError(\`\${context.provider} has no tool calling (its docs show none): this adapter sends no tools, tool calls or tool results\`, { provider: context.provider, model: context.model, retryable: false });
}
`;
}

export function toolsRequest(tools: ToolSpec, p: string, P: string): string {
  const { fixed, ...request } = tools.request;
  return `import { BadRequestError } from 'llmux';
import { setPath } from './${p}-json-path.js';

const TOOLS = ${J(request)};
/** @type {{ path: string, value: string }[]} */
const FIXED = ${J(fixed)};
const HISTORY = ${J(tools.history)};

/**
 * OpenAI's \`tools\` and \`tool_choice\` as ${p}'s body fields.
 * @param {Record<string, unknown>} body
 * @param {import('llmux').ChatRequest} request
 * @param {import('llmux').AdapterContext} context
 */
export function add${P}Tools(body, request, context) {
  const tools = request.tools ?? [];
  const choice = request.tool_choice;
  if (tools.length === 0) return;
  // "none" where the provider has no word for it means the same as offering no tools.
  if (choice === 'none' && (TOOLS.choiceField === null || TOOLS.choiceModes.none === null)) return;
  setPath(body, TOOLS.field, tools.map(definition));
  if (choice === undefined) return;
  if (TOOLS.choiceField !== null) setPath(body, TOOLS.choiceField, choiceValue(choice, context));
  else if (choice !== 'auto') throw refuse(context, \`takes no tool choice (got \${JSON.stringify(choice)})\`);
}

/**
 * An assistant turn's tool calls, as ${p} wants them sent back.
 * @param {Record<string, unknown>} turn
 * @param {NonNullable<import('llmux').ChatCompletionAssistantMessageParam['tool_calls']>} calls
 * @param {import('llmux').AdapterContext} context
 */
export function add${P}Calls(turn, calls, context) {
  const out = [];
  for (const call of calls) {
    if (call.type !== 'function') throw refuse(context, \`takes no \${call.type} tool calls\`);
    /** @type {Record<string, unknown>} */
    const sent = {};
    if (HISTORY.callIdField !== null) setPath(sent, HISTORY.callIdField, call.id);
    setPath(sent, HISTORY.callNameField, call.function.name);
    setPath(sent, HISTORY.callArgumentsField, HISTORY.callArgumentsFormat === 'object' ? parseArguments(call.function.arguments, context) : call.function.arguments);
    out.push(sent);
  }
  setPath(turn, HISTORY.callsField, out);
}

/**
 * A tool result as ${p}'s turn.
 * @param {import('llmux').ChatCompletionToolMessageParam} message
 * @param {string} text the result
 * @param {Map<string, string>} names function names by call id, from earlier assistant turns
 * @param {string} roleField
 * @param {import('llmux').AdapterContext} context
 * @returns {Record<string, unknown>}
 */
export function ${camel(P)}ResultTurn(message, text, names, roleField, context) {
  /** @type {Record<string, unknown>} */
  const out = {};
  setPath(out, roleField, HISTORY.resultRole);
  if (HISTORY.resultIdField !== null) setPath(out, HISTORY.resultIdField, message.tool_call_id);
  if (HISTORY.resultNameField !== null) {
    const name = names.get(message.tool_call_id);
    if (name === undefined) throw refuse(context, \`needs the function name with a tool result, and no earlier assistant turn made call \${JSON.stringify(message.tool_call_id)}\`);
    setPath(out, HISTORY.resultNameField, name);
  }
  setPath(out, HISTORY.resultContentField, text);
  return out;
}

/**
 * @param {import('llmux').ChatCompletionTool} tool
 * @returns {Record<string, unknown>}
 */
function definition(tool) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const field of FIXED) setPath(out, field.path, field.value);
  setPath(out, TOOLS.namePath, tool.function.name);
  if (TOOLS.descriptionPath !== null && tool.function.description !== undefined) setPath(out, TOOLS.descriptionPath, tool.function.description);
  setPath(out, TOOLS.parametersPath, tool.function.parameters ?? { type: 'object', properties: {} });
  return out;
}

/**
 * @param {import('llmux').ChatCompletionToolChoiceOption} choice
 * @param {import('llmux').AdapterContext} context
 * @returns {unknown}
 */
function choiceValue(choice, context) {
  if (typeof choice === 'string') {
    const word = TOOLS.choiceModes[choice];
    if (word === null) throw refuse(context, \`has no tool_choice \${JSON.stringify(choice)}\`);
    return modeValue(word);
  }
  if (TOOLS.forcedNamePath === null) throw refuse(context, 'cannot be told which tool to call (tool_choice naming a function)');
  /** @type {Record<string, unknown>} */
  const value = {};
  if (TOOLS.choiceModePath !== null && TOOLS.forcedMode !== null) setPath(value, TOOLS.choiceModePath, TOOLS.forcedMode);
  setPath(value, TOOLS.forcedNamePath, choice.function.name);
  return value;
}

/**
 * @param {string} word
 * @returns {unknown}
 */
function modeValue(word) {
  if (TOOLS.choiceModePath === null) return word;
  /** @type {Record<string, unknown>} */
  const value = {};
  setPath(value, TOOLS.choiceModePath, word);
  return value;
}

/**
 * @param {string} text
 * @param {import('llmux').AdapterContext} context
 */
function parseArguments(text, context) {
  try {
    return JSON.parse(text === '' ? '{}' : text);
  } catch {
    throw refuse(context, \`needs tool-call arguments as an object, and these are not JSON: \${text.slice(0, 80)}\`);
  }
}

/**
 * @param {import('llmux').AdapterContext} context
 * @param {string} what
 */
function refuse(context, what) {
  return new BadRequestError(\`\${context.provider} \${what}\`, { provider: context.provider, model: context.model, retryable: false });
}
`;
}

/** The response-side tool module of a provider without tool calling: no calls, ever. */
export function noToolCalls(P: string): string {
  return `/**
 * @param {unknown} payload
 * @param {string} idPrefix
 * @returns {import('llmux').ChatCompletionMessageToolCall[]}
 */
export function read${P}ToolCalls(payload, idPrefix) {
  return [];
}

/** @param {string} idPrefix */
export function create${P}ToolCallStream(idPrefix) {
  return {
    opened: () => 0,
    /** @param {unknown} type */
    accepts: (type) => false,
    /**
     * @param {unknown} payload
     * @returns {import('llmux').ChatCompletionChunkToolCallDelta[]}
     */
    map: (payload) => [],
  };
}
`;
}

export function toolCalls(tools: ToolSpec, p: string, P: string): string {
  return `import { getPath } from './${p}-json-path.js';

const RESPONSE = ${J(tools.response)};
const STREAM = ${J(tools.stream)};

/**
 * The tool calls of a whole response. An entry without a function name is not a call (a text
 * block in the same list, say) and is passed over.
 * @param {unknown} payload
 * @param {string} idPrefix for calls the provider gives no id
 * @returns {import('llmux').ChatCompletionMessageToolCall[]}
 */
export function read${P}ToolCalls(payload, idPrefix) {
  const calls = getPath(payload, RESPONSE.callsPath);
  if (!Array.isArray(calls)) return [];
  /** @type {import('llmux').ChatCompletionMessageToolCall[]} */
  const out = [];
  for (const call of calls) {
    const name = getPath(call, RESPONSE.namePath);
    if (typeof name !== 'string' || name === '') continue;
    const id = getPath(call, RESPONSE.idPath);
    out.push({ id: typeof id === 'string' && id !== '' ? id : \`\${idPrefix}_\${out.length}\`, type: 'function', function: { name, arguments: argumentsText(getPath(call, RESPONSE.argumentsPath), RESPONSE.argumentsFormat) } });
  }
  return out;
}

/**
 * Tool-call fragments of a stream as OpenAI deltas: each call numbered from 0 in the order it
 * opened, its first delta with id and name, then its argument fragments as they arrive.
 * @param {string} idPrefix for calls the provider gives no id
 */
export function create${P}ToolCallStream(idPrefix) {
  /** @type {Map<string, number>} our index by the provider's index or id */
  const calls = new Map();
  let last = -1;
  return {
    opened: () => calls.size,
    /** @param {unknown} type */
    accepts: (type) => type === STREAM.deltaType || (STREAM.startType !== null && type === STREAM.startType),
    /**
     * @param {unknown} payload
     * @returns {import('llmux').ChatCompletionChunkToolCallDelta[]}
     */
    map(payload) {
      const fragments = STREAM.callsPath === null ? [payload] : getPath(payload, STREAM.callsPath);
      if (!Array.isArray(fragments)) return [];
      /** @type {import('llmux').ChatCompletionChunkToolCallDelta[]} */
      const out = [];
      for (const fragment of fragments) {
        const index = getPath(fragment, STREAM.indexPath);
        const id = getPath(fragment, STREAM.idPath);
        const key = typeof index === 'number' || typeof index === 'string' ? \`index \${index}\` : typeof id === 'string' && id !== '' ? \`id \${id}\` : undefined;
        const name = getPath(fragment, STREAM.namePath);
        const raw = getPath(fragment, STREAM.argumentsPath);
        const args = raw === undefined || raw === null ? '' : argumentsText(raw, STREAM.argumentsFormat);
        let at = key === undefined ? undefined : calls.get(key);
        if (at === undefined && typeof name === 'string' && name !== '') {
          at = calls.size;
          calls.set(key ?? \`call \${at}\`, at);
          last = at;
          out.push({ index: at, id: typeof id === 'string' && id !== '' ? id : \`\${idPrefix}_\${at}\`, type: 'function', function: { name, arguments: args } });
          continue;
        }
        // A fragment that names no call belongs to the last one opened.
        if (at === undefined && key === undefined && last >= 0) at = last;
        if (at !== undefined && args !== '') out.push({ index: at, function: { arguments: args } });
      }
      return out;
    },
  };
}

/**
 * Arguments as OpenAI's JSON text: an object is serialized, text (format "string") passed on.
 * @param {unknown} value
 * @param {string} format
 * @returns {string}
 */
function argumentsText(value, format) {
  if (format === 'string' && typeof value === 'string') return value;
  return JSON.stringify(value ?? {});
}
`;
}

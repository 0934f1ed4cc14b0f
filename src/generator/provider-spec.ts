/**
 * The provider's patterns as the generator extracts them from its docs: auth, endpoint, request
 * field mapping, response and stream shapes, stop reasons, usage and error bodies. The adapter
 * template renders from this object alone, so it is both the LLM's answer format and the
 * contract of `renderAdapter`. Paths are dot paths into JSON (`output.text`, `choices.0.text`).
 * `tools` maps OpenAI's tools, tool choice, tool calls (whole and streamed) and tool results;
 * it is null for a provider without tool calling.
 */
import type { JSONSchema } from '../base/types.js';
import { arr, nobj, nstr, obj, oneOf, str } from './schema-builders.js';
import { type JsonIssue, schemaWithCheck, validateJson } from './validate-json.js';

export const FINISH_REASONS = ['stop', 'length', 'tool_calls', 'content_filter'] as const;
export type SpecFinishReason = (typeof FINISH_REASONS)[number];

/** Error classes a generated adapter may throw for an error answer. */
export const ERROR_NAMES = [
  'BadRequestError',
  'AuthenticationError',
  'PermissionDeniedError',
  'NotFoundError',
  'RateLimitError',
  'ContextWindowExceededError',
  'ContentPolicyViolationError',
  'InternalServerError',
  'ServiceUnavailableError',
] as const;
export type SpecErrorName = (typeof ERROR_NAMES)[number];

export interface UsagePaths {
  promptTokens: string | null;
  completionTokens: string | null;
  totalTokens: string | null;
}

/** How a provider takes, returns, streams and gets back tool calls. */
export interface ToolSpec {
  /** OpenAI's `tools` and `tool_choice` in the provider's body. */
  request: {
    /** Body field of the tool list. */
    field: string;
    /** Paths inside one tool definition. */
    namePath: string;
    descriptionPath: string | null;
    parametersPath: string;
    /** Constant fields of every definition (e.g. `type: "function"`). */
    fixed: { path: string; value: string }[];
    /** Body field of the tool choice, or null when the provider takes none. */
    choiceField: string | null;
    /** Null: the choice is the mode word itself; else the word goes at this path of an object. */
    choiceModePath: string | null;
    /** The provider's words for OpenAI's `auto`, `none`, `required` (null: not supported). */
    choiceModes: { auto: string | null; none: string | null; required: string | null };
    /** Where the tool's name goes in a choice that forces one tool (null: not supported). */
    forcedNamePath: string | null;
    /** The mode word at choiceModePath that goes with a forced tool, or null. */
    forcedMode: string | null;
  };
  /** Tool calls in a whole (non-streamed) response. */
  response: { callsPath: string; idPath: string | null; namePath: string; argumentsPath: string; argumentsFormat: ArgumentsFormat };
  /** Tool-call fragments in a stream: which events carry them, and where each part is. */
  stream: {
    /** Event type that opens a call (with its id and name), or null when deltaType events do. */
    startType: string | null;
    /** Event type that carries argument fragments (may equal startType or stream.textType). */
    deltaType: string;
    /** Path of an array of fragments in the event, or null when the event is one fragment. */
    callsPath: string | null;
    /** Paths inside one fragment. The index (or else the id) ties fragments to their call. */
    indexPath: string | null;
    idPath: string | null;
    namePath: string;
    argumentsPath: string;
    argumentsFormat: ArgumentsFormat;
  };
  /** How an assistant turn's calls and the tool results go back in a later request. */
  history: {
    /** Field of an assistant turn holding its calls, and the fields of one call. */
    callsField: string;
    callIdField: string | null;
    callNameField: string;
    callArgumentsField: string;
    callArgumentsFormat: ArgumentsFormat;
    /** A tool result turn: its role value and fields. */
    resultRole: string;
    resultIdField: string | null;
    resultNameField: string | null;
    resultContentField: string;
  };
}

/** Arguments as a JSON text (OpenAI's way) or as a JSON object. */
export type ArgumentsFormat = 'string' | 'object';

export interface ProviderSpec {
  /** The llmux provider id: lower-case letters, digits and `-`. */
  provider: string;
  /** The API's base URL, without a trailing slash and without the chat path. */
  baseURL: string;
  auth: { header: string; prefix: string };
  /** Fixed headers every request carries (an API version, say). */
  headers: { name: string; value: string }[];
  chat: { path: string; streamPath: string | null };
  request: {
    modelField: string;
    messagesField: string;
    roleField: string;
    contentField: string;
    roles: { system: string | null; user: string; assistant: string };
    systemField: string | null;
    maxTokensField: string | null;
    temperatureField: string | null;
    topPField: string | null;
    stopField: string | null;
    streamField: string | null;
  };
  response: { idPath: string | null; modelPath: string | null; textPath: string; stopReasonPath: string | null; usage: UsagePaths };
  stream: {
    format: 'sse' | 'ndjson';
    typeSource: 'event' | 'field';
    typeField: string | null;
    textType: string;
    textPath: string;
    finishType: string;
    stopReasonPath: string | null;
    usageType: string | null;
    usage: UsagePaths;
    errorType: string | null;
    errorMessagePath: string | null;
    errorCodePath: string | null;
    doneType: string | null;
    doneData: string | null;
    idPath: string | null;
    modelPath: string | null;
  };
  /** Tool calling, or null when the provider has none. */
  tools: ToolSpec | null;
  stopReasons: { provider: string; finish_reason: SpecFinishReason }[];
  errors: {
    messagePath: string | null;
    codePath: string | null;
    codes: { code: string; error: SpecErrorName }[];
    retryAfterHeader: string | null;
    retryAfterUnit: 'seconds' | 'milliseconds';
  };
  /** An ES module for what the template cannot express (see docs/adapter-generator.md), or null. */
  hooks: string | null;
}

const usagePaths = (where: string): JSONSchema =>
  obj({
    promptTokens: nstr(`${where}: path of the input/prompt token count, or null`),
    completionTokens: nstr(`${where}: path of the output/completion token count, or null`),
    totalTokens: nstr(`${where}: path of the total token count, or null (then it is the sum)`),
  });

const argumentsFormat = (what: string): JSONSchema =>
  oneOf(['string', 'object'], `${what}: string when the arguments are JSON text (as OpenAI's), object when they are a JSON object`);

const TOOL_SPEC_SCHEMA: JSONSchema = nobj(
  {
    request: obj({
      field: str('body field of the tool list (OpenAI: tools)'),
      namePath: str('path of the function name in one tool definition'),
      descriptionPath: nstr('path of the description in one tool definition, or null'),
      parametersPath: str('path of the JSON Schema of the arguments in one tool definition'),
      fixed: arr(
        obj({ path: str('path in one tool definition'), value: str('its constant value') }),
        'constant fields every tool definition carries (e.g. type: function), or []',
      ),
      choiceField: nstr('body field of the tool choice (OpenAI: tool_choice), or null when there is none'),
      choiceModePath: nstr(
        'null when the tool choice is a plain word ("auto"); else the path of that word in a choice object (e.g. type for {"type":"auto"})',
      ),
      choiceModes: obj({
        auto: nstr('the word for: the model decides, or null'),
        none: nstr('the word for: no tool call, or null'),
        required: nstr('the word for: must call some tool, or null'),
      }),
      forcedNamePath: nstr('path of the tool name in a choice object that forces one named tool, or null when not supported'),
      forcedMode: nstr('the word at choiceModePath that goes with a forced tool (e.g. "tool"), or null'),
    }),
    response: obj({
      callsPath: str('path of the array of tool calls in a non-streamed response'),
      idPath: nstr('path of the call id in one call, or null'),
      namePath: str('path of the function name in one call'),
      argumentsPath: str('path of the arguments in one call'),
      argumentsFormat: argumentsFormat('response arguments'),
    }),
    stream: obj({
      startType: nstr('event type that opens a tool call (carries its id and name), or null when the argument events do'),
      deltaType: str('event type that carries tool-call argument fragments'),
      callsPath: nstr('path of an array of call fragments in such an event, or null when the event is itself one fragment'),
      indexPath: nstr('path of the call index in a fragment, or null'),
      idPath: nstr('path of the call id in a fragment, or null'),
      namePath: str('path of the function name in the opening fragment'),
      argumentsPath: str('path of the arguments fragment'),
      argumentsFormat: argumentsFormat('streamed arguments'),
    }),
    history: obj({
      callsField: str('field of an assistant turn that holds the calls it made'),
      callIdField: nstr('field of one such call holding its id, or null'),
      callNameField: str('field of one such call holding the function name'),
      callArgumentsField: str('field of one such call holding the arguments'),
      callArgumentsFormat: argumentsFormat('arguments sent back'),
      resultRole: str('role value of a turn that carries a tool result'),
      resultIdField: nstr('field of a result turn naming the call it answers, or null'),
      resultNameField: nstr('field of a result turn naming the function, or null'),
      resultContentField: str('field of a result turn holding the result text'),
    }),
  },
  'tool calling: definitions and choice, calls in a response and in a stream, results sent back; null when the provider has no tools',
);

export const PROVIDER_SPEC_SCHEMA: JSONSchema = obj(
  {
    provider: str('llmux provider id: lower-case letters, digits and -'),
    baseURL: str('base URL of the API without a trailing slash and without the chat path, e.g. https://api.acme.dev'),
    auth: obj({
      header: str('the header that carries the API key, e.g. Authorization or X-Api-Key'),
      prefix: str('text before the key in that header, e.g. "Bearer " or ""'),
    }),
    headers: arr(
      obj({ name: str('header name'), value: str('header value') }),
      'fixed headers every request must carry (e.g. an API version); not the key',
    ),
    chat: obj({
      path: str('path of the chat/generation endpoint relative to baseURL, starting with /'),
      streamPath: nstr('a different path for streaming requests, or null when the same path streams'),
    }),
    request: obj({
      modelField: str('body field for the model id'),
      messagesField: str('body field for the conversation array'),
      roleField: str('field of one message naming its author'),
      contentField: str('field of one message holding its text'),
      roles: obj({
        system: nstr('role value for a system message inside the array, or null when the system prompt is a top-level field'),
        user: str('role value for the user'),
        assistant: str('role value for the model'),
      }),
      systemField: nstr('top-level body field for the system prompt when it is not a message, else null'),
      maxTokensField: nstr('body field for the output token limit, or null'),
      temperatureField: nstr('body field for temperature, or null'),
      topPField: nstr('body field for top_p, or null'),
      stopField: nstr('body field for stop sequences, or null'),
      streamField: nstr('boolean body field that asks for a stream, or null'),
    }),
    response: obj({
      idPath: nstr('path of the response id, or null'),
      modelPath: nstr('path of the model id in the response, or null'),
      textPath: str('path of the generated text'),
      stopReasonPath: nstr('path of the stop/finish reason, or null'),
      usage: usagePaths('non-streamed response'),
    }),
    stream: obj({
      format: oneOf(
        ['sse', 'ndjson'],
        'sse: server-sent events (data: lines, blank line between events); ndjson: one JSON object per line',
      ),
      typeSource: oneOf(['event', 'field'], 'how an event says what it is: the SSE "event:" name, or a field of its JSON'),
      typeField: nstr('the JSON field naming the event type when typeSource is field, else null'),
      textType: str('event type that carries a text fragment'),
      textPath: str('path of the text fragment in that event'),
      finishType: str('event type that carries the stop reason'),
      stopReasonPath: nstr('path of the stop reason in that event'),
      usageType: nstr('event type that carries token usage (may equal finishType), or null'),
      usage: usagePaths('the usage event'),
      errorType: nstr('event type of an error reported inside a 200 stream, or null'),
      errorMessagePath: nstr('path of the message in that error event'),
      errorCodePath: nstr('path of the error code in that error event'),
      doneType: nstr('event type that ends the stream, or null'),
      doneData: nstr('literal data payload that ends the stream (e.g. [DONE]), or null'),
      idPath: nstr('path of the response id in whichever event carries it, or null'),
      modelPath: nstr('path of the model id in whichever event carries it, or null'),
    }),
    tools: TOOL_SPEC_SCHEMA,
    stopReasons: arr(
      obj({ provider: str('the provider stop reason value'), finish_reason: oneOf(FINISH_REASONS, 'the OpenAI finish_reason it means') }),
      'every documented stop reason',
    ),
    errors: obj({
      messagePath: nstr('path of the human-readable message in an error body'),
      codePath: nstr('path of the machine-readable error code/kind in an error body'),
      codes: arr(
        obj({ code: str('an error code value'), error: oneOf(ERROR_NAMES, 'the llmux error class it means') }),
        'error codes whose class the HTTP status alone does not tell (context window, content policy, ...)',
      ),
      retryAfterHeader: nstr('the header that says how long to wait after a rate limit, when not Retry-After, else null'),
      retryAfterUnit: oneOf(['seconds', 'milliseconds'], 'unit of retryAfterHeader'),
    }),
    hooks: nstr(
      'null unless the template cannot express the provider: then an ES module exporting optional transformBody(body, request, context) and transformChunk(chunk, payload)',
    ),
  },
  'How to talk to the provider, as documented',
);

const ID = /^[a-z][a-z0-9-]*$/;

/** Schema issues plus the checks a schema cannot state (URL, paths, ids). */
export function validateProviderSpec(value: unknown): JsonIssue[] {
  const issues = validateJson(value, PROVIDER_SPEC_SCHEMA);
  if (issues.length > 0) return issues;
  const spec = value as ProviderSpec;
  if (!ID.test(spec.provider))
    issues.push({ message: 'provider must be lower-case letters, digits and -, starting with a letter', path: ['provider'] });
  if (!/^https?:\/\/[^\s]+$/.test(spec.baseURL)) issues.push({ message: 'baseURL must be an http(s) URL', path: ['baseURL'] });
  if (!spec.chat.path.startsWith('/')) issues.push({ message: 'chat.path must start with /', path: ['chat', 'path'] });
  if (spec.chat.streamPath !== null && !spec.chat.streamPath.startsWith('/'))
    issues.push({ message: 'chat.streamPath must start with /', path: ['chat', 'streamPath'] });
  if (!/^[A-Za-z0-9-]+$/.test(spec.auth.header)) issues.push({ message: 'auth.header must be a header name', path: ['auth', 'header'] });
  if (spec.stream.typeSource === 'field' && spec.stream.typeField === null)
    issues.push({ message: 'typeField is required when typeSource is field', path: ['stream', 'typeField'] });
  if (spec.stream.format === 'ndjson' && spec.stream.typeSource === 'event')
    issues.push({ message: 'NDJSON has no event names: use typeSource field', path: ['stream', 'typeSource'] });
  if (spec.stream.doneType === null && spec.stream.doneData === null)
    issues.push({
      message: 'name how the stream ends: doneType or doneData (a stream cut short must not look complete)',
      path: ['stream'],
    });
  const tools = spec.tools;
  if (tools !== null) {
    if (tools.request.forcedMode !== null && tools.request.choiceModePath === null)
      issues.push({ message: 'forcedMode needs choiceModePath (the path the word goes at)', path: ['tools', 'request', 'forcedMode'] });
    if (tools.request.choiceField === null && Object.values(tools.request.choiceModes).some((m) => m !== null))
      issues.push({ message: 'choiceModes need a choiceField to go in', path: ['tools', 'request', 'choiceField'] });
  }
  return issues;
}

/** `validateProviderSpec` in the form `completeObject` takes. */
export const providerSpecSchema = schemaWithCheck<ProviderSpec, typeof PROVIDER_SPEC_SCHEMA>(PROVIDER_SPEC_SCHEMA, validateProviderSpec);

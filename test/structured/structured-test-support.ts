/**
 * Replies in each provider's wire format for the structured output tests, and the clients that
 * reach a local server as OpenAI, Anthropic and OpenRouter.
 */
import { after, before, beforeEach } from 'node:test';
import { createClient, type LlmuxClient } from '../../src/index.js';
import { type ScriptedReply, type ScriptedServer, sse, startScriptedServer } from '../helpers/scripted-server.js';

export const KEY = 'sk-test-structured-0123456789';
const SSE_HEADERS = { 'content-type': 'text/event-stream' };

/** The three wires every mode is tested on, with a model each (all priced by the model table). */
export const WIRES = [
  { wire: 'openai', model: 'openai/gpt-4o-mini', path: '/v1/chat/completions' },
  { wire: 'anthropic', model: 'anthropic/claude-sonnet-4-5', path: '/v1/messages' },
  { wire: 'openrouter', model: 'openrouter/openai/gpt-4o', path: '/api/v1/chat/completions' },
] as const;
export type WireName = (typeof WIRES)[number]['wire'];

/** One client reaching `url` for all three providers (OpenRouter under `/api/v1`, or `/v1` for the mock server). */
export function clientFor(url: string, openrouterPath = '/api/v1'): LlmuxClient {
  return createClient({
    providers: {
      openai: { baseURL: `${url}/v1`, apiKey: KEY },
      anthropic: { baseURL: url, apiKey: KEY },
      openrouter: { baseURL: `${url}${openrouterPath}`, apiKey: KEY },
      deepseek: { baseURL: `${url}/v1`, apiKey: KEY },
    },
    env: {},
    maxRetries: 0,
  });
}

/**
 * For a suite: starts a scripted server and a client reaching it before the tests (handing both
 * to `receive`), empties the server's record of requests before each test, closes both after.
 */
export function useScriptedClient(receive: (server: ScriptedServer, client: LlmuxClient) => void, openrouterPath?: string): void {
  let server: ScriptedServer | undefined;
  let client: LlmuxClient | undefined;
  before(async () => {
    server = await startScriptedServer();
    client = clientFor(server.url, openrouterPath);
    receive(server, client);
  });
  after(async () => {
    client?.close();
    await server?.close();
  });
  beforeEach(() => {
    if (server !== undefined) server.received.length = 0;
  });
}

export interface Usage {
  input: number;
  output: number;
}

const DEFAULT_USAGE: Usage = { input: 20, output: 10 };

/** A non-streamed text answer in the wire's format. */
export function textReply(wire: WireName, text: string, usage: Usage = DEFAULT_USAGE): ScriptedReply {
  if (wire === 'anthropic') {
    return {
      body: JSON.stringify({
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5-20250929',
        content: [{ type: 'text', text }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: usage.input, output_tokens: usage.output },
      }),
    };
  }
  return { body: JSON.stringify(openaiCompletion({ role: 'assistant', content: text, refusal: null }, 'stop', usage)) };
}

/** A non-streamed forced tool call in the wire's format. */
export function toolReply(wire: WireName, name: string, args: unknown, usage: Usage = DEFAULT_USAGE, id = 'call_1'): ScriptedReply {
  if (wire === 'anthropic') {
    return {
      body: JSON.stringify({
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5-20250929',
        content: [{ type: 'tool_use', id, name, input: args }],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: { input_tokens: usage.input, output_tokens: usage.output },
      }),
    };
  }
  const message = {
    role: 'assistant',
    content: null,
    refusal: null,
    tool_calls: [{ id, type: 'function', function: { name, arguments: typeof args === 'string' ? args : JSON.stringify(args) } }],
  };
  return { body: JSON.stringify(openaiCompletion(message, 'tool_calls', usage)) };
}

function openaiCompletion(message: unknown, finish: string, usage: Usage): unknown {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
    usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
  };
}

/** A streamed text answer in the wire's format, one event per piece. */
export function streamedText(wire: WireName, pieces: readonly string[], usage: Usage = DEFAULT_USAGE): ScriptedReply {
  if (wire === 'anthropic') {
    return {
      headers: SSE_HEADERS,
      body: anthropicEvents(
        [
          { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
          ...pieces.map((text) => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })),
          { type: 'content_block_stop', index: 0 },
        ],
        'end_turn',
        usage,
      ),
    };
  }
  return {
    headers: SSE_HEADERS,
    body: sse([
      chunk({ role: 'assistant', content: '' }, null),
      ...pieces.map((content) => chunk({ content }, null)),
      chunk({}, 'stop'),
      {
        ...chunk(undefined, null),
        choices: [],
        usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
      },
    ]),
  };
}

/** A streamed forced tool call in the wire's format, its arguments in the given pieces. */
export function streamedTool(wire: WireName, name: string, pieces: readonly string[], usage: Usage = DEFAULT_USAGE): ScriptedReply {
  if (wire === 'anthropic') {
    return {
      headers: SSE_HEADERS,
      body: anthropicEvents(
        [
          { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name, input: {} } },
          ...pieces.map((partial_json) => ({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json } })),
          { type: 'content_block_stop', index: 0 },
        ],
        'tool_use',
        usage,
      ),
    };
  }
  return {
    headers: SSE_HEADERS,
    body: sse([
      chunk(
        { role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name, arguments: '' } }] },
        null,
      ),
      ...pieces.map((args) => chunk({ tool_calls: [{ index: 0, function: { arguments: args } }] }, null)),
      chunk({}, 'tool_calls'),
      {
        ...chunk(undefined, null),
        choices: [],
        usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
      },
    ]),
  };
}

function chunk(delta: unknown, finish: string | null): Record<string, unknown> {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o-mini-2024-07-18',
    choices: delta === undefined ? [] : [{ index: 0, delta, finish_reason: finish, logprobs: null }],
  };
}

function anthropicEvents(blocks: readonly unknown[], stop: string, usage: Usage): string[] {
  const events = [
    {
      type: 'message_start',
      message: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        content: [],
        model: 'claude-sonnet-4-5-20250929',
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: usage.input, output_tokens: 1 },
      },
    },
    ...blocks,
    { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: usage.output } },
    { type: 'message_stop' },
  ];
  return events.map((e) => `event: ${(e as { type: string }).type}\ndata: ${JSON.stringify(e)}\n\n`);
}

/** An error reply in the wire's format. */
export function errorReply(wire: WireName, status: number, message: string): ScriptedReply {
  const body =
    wire === 'anthropic'
      ? { type: 'error', error: { type: status === 404 ? 'not_found_error' : 'invalid_request_error', message } }
      : { error: { message, type: 'invalid_request_error', param: null, code: wire === 'openrouter' ? status : null } };
  return { status, body: JSON.stringify(body) };
}

// Test support for the Anthropic suites: recorded-style fixtures, a real local HTTP server that
// replays them as SSE, and adapter contexts built the way the client builds them.
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AdapterContext } from '../../../src/providers/adapter-types.js';
import type { AnthropicResponseMessage, AnthropicStreamEvent } from '../../../src/providers/anthropic/anthropic-api-types.js';
import { createChunkAccumulator } from '../../../src/stream/accumulate-chunks.js';
import { createNodeTransport } from '../../../src/transport/node-transport.js';
import type { Transport } from '../../../src/transport/transport-types.js';
import type { ChatCompletionChunk, ModelResponse } from '../../../src/base/types.js';
import { CLIENT_SERVICES } from '../../../src/testing/run-case.js';
import { startTestServer } from '../../helpers/test-server.js';

export const API_KEY = 'sk-ant-test-sentinel-123456';
export const MODEL = 'claude-sonnet-4-5-20250929';

// Compiled tests run from .test-build/test/providers/anthropic/; the fixtures stay in the source tree.
const FIXTURES = new URL('../../../../test/__fixtures__/anthropic/', import.meta.url);

/** The events of `<name>.chunks.txt`: one JSON payload per line. */
export function readEvents(name: string): AnthropicStreamEvent[] {
  return readFileSync(new URL(`${name}.chunks.txt`, FIXTURES), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AnthropicStreamEvent);
}

/** The finished message the same stream adds up to (`<name>.message.json`). */
export function readMessage(name: string): AnthropicResponseMessage {
  return JSON.parse(readFileSync(new URL(`${name}.message.json`, FIXTURES), 'utf8')) as AnthropicResponseMessage;
}

/** Events as Anthropic sends them: a named SSE event per payload. */
export function toSSE(events: readonly unknown[]): string {
  return events.map((e) => `event: ${(e as { type: string }).type}\ndata: ${JSON.stringify(e)}\n\n`).join('');
}

export function fold(chunks: readonly ChatCompletionChunk[], provider = 'anthropic'): ModelResponse {
  const accumulator = createChunkAccumulator(provider);
  for (const chunk of chunks) accumulator.add(chunk);
  return accumulator.result();
}

/**
 * Streamed tool arguments are Anthropic's own JSON text (`{"a": 1}`), a non-streamed response
 * has only the parsed input to re-serialise (`{"a":1}`): equal values, different spacing.
 */
export function withParsedArguments(response: ModelResponse): unknown {
  return {
    ...response,
    choices: response.choices.map((c) => ({
      ...c,
      message: {
        ...c.message,
        ...(c.message.tool_calls === undefined
          ? {}
          : {
              tool_calls: c.message.tool_calls.map((t) => ({
                ...t,
                function: { ...t.function, arguments: JSON.parse(t.function.arguments) },
              })),
            }),
      },
    })),
  };
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface TestServer {
  baseURL: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A 127.0.0.1 server on a free port; `respond` writes the answer to each recorded request. */
export async function startServer(respond: (request: RecordedRequest, res: ServerResponse) => void): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = await startTestServer(
    (_req, res, { method, url, headers, body }) => {
      const recorded: RecordedRequest = { method, url, headers, body: body === '' ? {} : JSON.parse(body) };
      requests.push(recorded);
      respond(recorded, res);
    },
    { record: false },
  );
  return { baseURL: server.url, requests, close: server.close };
}

/** Writes a fixture's events as an event stream, as Anthropic does after a 200. */
export function writeSSE(res: ServerResponse, sse: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'request-id': 'req_018EeWyXxfu5pfWkrYcMdjWG' });
  res.end(sse);
}

export function writeJSON(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_018EeWyXxfu5pfWkrYcMdjWG', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** The context the client would build for `anthropic/<MODEL>`. */
export function contextFor(
  baseURL: string,
  transport: Transport = createNodeTransport(),
  headers: Record<string, string> = {},
): AdapterContext {
  return {
    provider: 'anthropic',
    model: MODEL,
    apiKey: API_KEY,
    baseURL,
    headers,
    transport,
    signal: undefined,
    timeoutMs: 5000,
    secrets: [API_KEY],
    compat: {},
    providerOptions: {},
    ...CLIENT_SERVICES,
  };
}

/** A transport that answers every request with `pieces` as the body, for exact chunk boundaries. */
export function piecesTransport(pieces: readonly Uint8Array[], status = 200): Transport {
  return {
    async request() {
      const body = (async function* () {
        for (const piece of pieces) yield piece;
      })();
      return {
        status,
        headers: { 'content-type': 'text/event-stream' },
        body,
        text: async () => Buffer.concat(pieces).toString('utf8'),
        cancel: () => undefined,
      };
    },
  };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

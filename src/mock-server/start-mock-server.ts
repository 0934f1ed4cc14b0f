import { createServer } from 'node:http';
import { answerCors } from './answer-cors.js';
import { createFaultQueue } from './create-fault-queue.js';
import { createOpenAIErrorBody } from './openai-error-body.js';
import { parseJsonBody } from './parse-json-body.js';
import { readBody } from './read-body.js';
import { recordRequest } from './record-request.js';
import { routeRequest } from './route-request.js';
import { serveApiRequest } from './serve-api-request.js';
import { serveControlRequest } from './serve-control-request.js';
import { validateFaults } from './validate-fault.js';
import { writeJson } from './write-body.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MockServer, MockServerOptions, RecordedRequest } from './mock-server-types.js';
import type { Route } from './route-request.js';

/** Request bodies larger than this are answered 413 (32 MiB: what real APIs take, images included). */
const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;
/** Requests kept in `server.requests` and GET /__mock/requests. */
const DEFAULT_MAX_RECORDED_REQUESTS = 1000;

/**
 * Starts a local server that speaks OpenAI Chat Completions (`POST /v1/chat/completions`) and
 * Anthropic Messages (`POST /v1/messages`, and `/v1/messages/count_tokens`), streaming and not,
 * with deterministic replies and injectable faults, for testing LLM client code over real HTTP.
 * Every answer carries CORS headers (any origin) and preflights are answered, so a browser page
 * can call it too.
 *
 * @example
 * const server = await startMockServer({ faults: [{ status: 429, retryAfter: 1 }] });
 * const post = () =>
 *   fetch(`${server.openaiBaseURL}/chat/completions`, {
 *     method: 'POST',
 *     headers: { 'content-type': 'application/json' },
 *     body: JSON.stringify({ model: 'any', messages: [{ role: 'user', content: 'hi' }] }),
 *   });
 * (await post()).status; // 429, the queued fault
 * (await post()).status; // 200, "Hello from the llmux mock server. You said: hi"
 * await server.close();
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const host = options.host ?? '127.0.0.1';
  const chunkDelayMs = options.chunkDelayMs ?? 0;
  if (!(Number.isFinite(chunkDelayMs) && chunkDelayMs >= 0)) throw new TypeError('chunkDelayMs must be a number >= 0.');
  const queue = createFaultQueue(validateFaults(options.faults ?? []));
  if (options.faultPlan !== undefined && typeof options.faultPlan !== 'function') throw new TypeError('faultPlan must be a function.');
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!(Number.isInteger(maxBodyBytes) && maxBodyBytes > 0)) throw new TypeError('maxBodyBytes must be a whole number > 0.');
  const maxRecorded = options.maxRecordedRequests ?? DEFAULT_MAX_RECORDED_REQUESTS;
  if (!(Number.isInteger(maxRecorded) && maxRecorded >= 0)) throw new TypeError('maxRecordedRequests must be a whole number >= 0.');
  const requests: RecordedRequest[] = [];
  const record = (entry: RecordedRequest): void => {
    requests.push(entry);
    // The oldest go first: a long-running server keeps a window, not its whole life.
    if (requests.length > maxRecorded) requests.splice(0, requests.length - maxRecorded);
  };
  const inFlight = new Set<AbortController>();
  const log = options.log !== true ? undefined : (line: string) => process.stderr.write(`[llmux mock-server] ${line}\n`);
  let counter = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse, signal: AbortSignal): Promise<void> => {
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    const { pathname } = new URL(path, 'http://mock.invalid');
    const route = routeRequest(pathname);
    const read = await readBody(request, maxBodyBytes);
    if (!read.ok) return tooLarge(response, route, read.receivedBytes, maxBodyBytes);
    const bodyText = read.text;

    if (route.kind === 'health') return writeJson(response, 200, {}, { status: 'ok' });
    if (route.kind === 'control') return serveControlRequest(method, pathname, bodyText, response, { queue, requests });

    const body = parseJsonBody(bodyText);
    record(recordRequest(method, path, route.kind === 'api' ? route.handler.api : undefined, request.headers, body));
    if (route.kind === 'unknown') {
      const message = `Unknown request URL: ${method} ${pathname}. The mock serves /v1/chat/completions, /v1/messages and /v1/messages/count_tokens.`;
      return writeJson(response, 404, {}, createOpenAIErrorBody(404, { message, code: 'unknown_url' }));
    }
    const { handler } = route;
    if (method !== 'POST') {
      const reply = handler.errorResponse(405, `Method ${method} is not allowed on ${pathname}; use POST.`);
      if (reply.kind === 'json') writeJson(response, reply.status, { allow: 'POST' }, reply.body);
      return;
    }
    counter += 1;
    await serveApiRequest(request, response, {
      handler,
      body,
      n: counter,
      apiKey: options.apiKey,
      chunkDelayMs,
      queue,
      faultPlan: options.faultPlan,
      signal,
      log,
    });
  };

  const server = createServer((request, response) => {
    const controller = new AbortController();
    inFlight.add(controller);
    response.on('close', () => {
      controller.abort();
      inFlight.delete(controller);
    });
    // Writes racing a client that went away fail; there is nobody left to tell.
    response.on('error', () => {});
    if (answerCors(request, response)) return;
    handle(request, response, controller.signal).catch((error: unknown) => {
      if (response.headersSent || response.destroyed) {
        response.destroy();
        return;
      }
      writeJson(response, 500, {}, createOpenAIErrorBody(500, { message: `Mock server failure: ${String(error)}` }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;

  return {
    url,
    port,
    openaiBaseURL: `${url}/v1`,
    anthropicBaseURL: url,
    injectFaults: (faults) => queue.push(validateFaults(faults)),
    get requests() {
      return requests;
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        // Stalled streams and pending delays wait on these signals; release them first.
        for (const controller of inFlight) controller.abort();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** 413 in the API's own error shape (OpenAI's elsewhere); the rest of the body is drained unkept. */
function tooLarge(response: ServerResponse, route: Route, received: number, max: number): void {
  const message = `The request body is larger than the mock server's limit of ${max} bytes (${received} bytes read before it stopped).`;
  const reply = route.kind === 'api' ? route.handler.errorResponse(413, message) : undefined;
  const body = reply?.kind === 'json' ? reply.body : createOpenAIErrorBody(413, { message });
  writeJson(response, 413, {}, body);
}

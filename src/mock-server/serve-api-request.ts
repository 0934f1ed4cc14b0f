import { sleep } from './abortable-wait.js';
import { faultMatches } from './create-fault-queue.js';
import { parseFaultHeader, validateFault } from './validate-fault.js';
import { writeBody, writeJson } from './write-body.js';
import { writeSse } from './write-sse.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiHandler } from './api-handler.js';
import type { FaultQueue } from './create-fault-queue.js';
import type { MockResponse } from './mock-response.js';
import type { FaultSpec, MockServerOptions } from './mock-server-types.js';
import type { ParsedBody } from './parse-json-body.js';

export interface ApiRequestContext {
  handler: ApiHandler;
  body: ParsedBody;
  /** The server's request counter for this request, the source of every id in the reply. */
  n: number;
  apiKey: string | undefined;
  chunkDelayMs: number;
  queue: FaultQueue;
  faultPlan: MockServerOptions['faultPlan'];
  /** Aborts when the client disconnects or the server closes. */
  signal: AbortSignal;
  log: ((line: string) => void) | undefined;
}

/**
 * Answers one API request: picks its fault (header first, else the queue, else the plan), acts out the fault's
 * up-front effects, checks the key, then sends the handler's reply with any streaming effects.
 */
export async function serveApiRequest(request: IncomingMessage, response: ServerResponse, context: ApiRequestContext): Promise<void> {
  const { handler, signal } = context;
  const headers: Record<string, string> = { [handler.requestIdHeader]: `req_mock_${context.n}` };
  const send = (reply: MockResponse, fault?: FaultSpec): Promise<void> => {
    if (reply.kind === 'json') {
      writeJson(response, reply.status, headers, reply.body);
      return Promise.resolve();
    }
    response.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    // A stream that stalls before its first event must still show the client its headers.
    response.flushHeaders();
    return writeSse(response, { ...reply, chunkDelayMs: context.chunkDelayMs, fault, signal });
  };

  const stream = handler.wantsStream(context.body);
  let fault: FaultSpec | undefined;
  const faultHeader = request.headers['x-mock-fault'];
  if (typeof faultHeader === 'string') {
    try {
      const requested = parseFaultHeader(faultHeader);
      fault = faultMatches(requested, handler.api, stream) ? requested : undefined;
    } catch (error) {
      return send(handler.errorResponse(400, (error as Error).message));
    }
  } else {
    fault = context.queue.take(handler.api, stream);
    if (fault === undefined && context.faultPlan !== undefined) {
      const planned = context.faultPlan({ index: context.n - 1, api: handler.api, stream });
      // Throws on an invalid spec; the server answers 500 naming it.
      const checked = planned === undefined ? undefined : validateFault(planned);
      fault = checked !== undefined && faultMatches(checked, handler.api, stream) ? checked : undefined;
    }
  }
  if (context.log !== undefined) {
    const log = context.log;
    const note = `${stream ? ' stream' : ''}${fault === undefined ? '' : ` fault ${JSON.stringify(fault)}`}`;
    response.once('close', () => {
      log(`${request.method} ${request.url} -> ${response.headersSent ? response.statusCode : 'no response'}${note}`);
    });
  }

  if (fault !== undefined) {
    if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
    if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
    if (fault.delayFirstByteMs !== undefined && !(await sleep(fault.delayFirstByteMs, signal))) return;
    if (fault.resetBeforeHeaders === true) return resetConnection(request);
    if (fault.body !== undefined) {
      writeBody(response, fault.status ?? 200, headers, fault.contentType ?? 'text/plain; charset=utf-8', fault.body);
      return;
    }
    if (fault.status !== undefined) return send(handler.errorResponse(fault.status));
  }

  if (context.apiKey !== undefined) {
    const provided = handler.readApiKey(request.headers);
    if (provided !== context.apiKey) return send(handler.authFailure(provided));
  }
  return send(handler.respond(context.body, context.n), fault);
}

function resetConnection(request: IncomingMessage): void {
  // A TCP reset is what a crashed proxy looks like; a plain destroy is the fallback when the
  // socket cannot send one.
  try {
    request.socket.resetAndDestroy();
  } catch {
    request.socket.destroy();
  }
}

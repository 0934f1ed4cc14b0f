import { parseJsonBody } from './parse-json-body.js';
import { validateFaults } from './validate-fault.js';
import { writeJson } from './write-body.js';
import type { ServerResponse } from 'node:http';
import type { FaultQueue } from './create-fault-queue.js';
import type { RecordedRequest } from './mock-server-types.js';

export interface ControlContext {
  queue: FaultQueue;
  requests: readonly RecordedRequest[];
}

/**
 * Answers the `/__mock/*` endpoints through which another process programs the server
 * (POST /__mock/faults) and inspects it (GET /__mock/requests, GET /__mock/faults).
 */
export function serveControlRequest(
  method: string,
  pathname: string,
  bodyText: string,
  response: ServerResponse,
  context: ControlContext,
): void {
  const fail = (status: number, message: string): void => writeJson(response, status, {}, { error: { message } });
  const route = `${method} ${pathname}`;

  if (route === 'GET /__mock/requests') return writeJson(response, 200, {}, context.requests);
  if (route === 'GET /__mock/faults') return writeJson(response, 200, {}, context.queue.list());
  if (route === 'POST /__mock/faults') {
    const body = parseJsonBody(bodyText);
    if (!body.valid) return fail(400, 'The body must be a JSON array of faults.');
    try {
      context.queue.push(validateFaults(body.value));
    } catch (error) {
      return fail(400, (error as Error).message);
    }
    response.writeHead(204).end();
    return;
  }
  fail(404, `Unknown mock control endpoint: ${route}.`);
}

/**
 * Redirect handling shared by every transport. Credentials go only to the origin they were
 * configured for: a redirect to another origin drops every credential header.
 */
import { APIConnectionError } from '../errors.js';
import { isSecretHeader } from '../core/redact.js';
import type { Transport, TransportRequest, TransportResponse } from './transport-types.js';

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Performs `request`, following up to five redirects safely. */
export async function requestFollowingRedirects(send: Transport['request'], request: TransportRequest): Promise<TransportResponse> {
  let current = request;
  for (let hop = 0; ; hop++) {
    const response = await send(current);
    const location = response.headers['location'];
    if (!REDIRECT_STATUSES.has(response.status) || location === undefined) return response;
    response.cancel();
    if (hop >= MAX_REDIRECTS) {
      throw new APIConnectionError(`Too many redirects (more than ${MAX_REDIRECTS})`, {
        provider: request.provider,
        model: request.model,
        status: response.status,
      });
    }
    current = nextRequest(current, location, response.status);
  }
}

/** The request to send after a redirect: same-origin keeps headers, cross-origin loses credentials. */
export function nextRequest(request: TransportRequest, location: string, status: number): TransportRequest {
  const target = new URL(location, request.url);
  const sameOrigin = target.origin === new URL(request.url).origin;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!sameOrigin && isSecretHeader(name)) continue;
    headers[name] = value;
  }
  const toGet = status === 303;
  if (toGet) {
    delete headers['content-type'];
    delete headers['content-length'];
  }
  return { ...request, url: target.href, headers, method: toGet ? 'GET' : request.method, body: toGet ? undefined : request.body };
}

/**
 * Redirect handling shared by every transport.
 *
 * The rule: a redirect within the origin the request was configured for is followed as sent
 * (303 turns it into a bodiless GET). A redirect to another origin (another host, port or
 * scheme, `https` -> `http` included):
 * - of a request with a body (every model call: a POST carrying the prompt) is refused with an
 *   {@link APIConnectionError} naming the target origin, whatever the status. 307/308 would
 *   re-send the prompt to a server nobody configured; 301/302/303 would turn a POST into a GET,
 *   which no LLM endpoint answers. The fix is to configure the final base URL.
 * - of a bodiless request is followed carrying only the allowlisted headers
 *   (`isForwardableHeader`: content type, accept, user agent, provider version headers); every
 *   other header, however it is named, stays with the origin it was configured for.
 */
import { APIConnectionError } from '../base/errors.js';
import { isForwardableHeader } from '../util/classify-header-name.js';
import type { Transport, TransportRequest, TransportResponse } from './transport-types.js';

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Performs `request`, following up to five redirects under the rule above. */
export function requestFollowingRedirects(send: Transport['request'], request: TransportRequest): Promise<TransportResponse> {
  return hopFrom(send, request, request, 0);
}

/** One exchange, then the next hop if it redirected. A plain chain, not an async frame: nearly every response is not a redirect. */
function hopFrom(
  send: Transport['request'],
  request: TransportRequest,
  current: TransportRequest,
  hop: number,
): Promise<TransportResponse> {
  let sent: Promise<TransportResponse>;
  try {
    sent = send(current);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  return sent.then((response) => {
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
    return hopFrom(send, request, nextRequest(current, location, response.status), hop + 1);
  });
}

/**
 * The request to send after a redirect: same-origin keeps headers, cross-origin keeps only the
 * allowlist, and a cross-origin redirect of a request with a body is refused.
 */
function nextRequest(request: TransportRequest, location: string, status: number): TransportRequest {
  let target: URL;
  try {
    target = new URL(location, request.url);
  } catch {
    throw new APIConnectionError(`The provider answered ${status} with a Location that is not a URL`, {
      provider: request.provider,
      model: request.model,
      status,
    });
  }
  const from = new URL(request.url);
  const sameOrigin = target.origin === from.origin;
  if (!sameOrigin && request.body !== undefined) {
    throw new APIConnectionError(
      `The provider at ${from.origin} redirected (${status}) to another origin, ${originOf(target)}; llmux does not send the request body or credentials there. Configure the final base URL if that origin is the right one.`,
      { provider: request.provider, model: request.model, status, retryable: false, code: 'CROSS_ORIGIN_REDIRECT' },
    );
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!sameOrigin && !isForwardableHeader(name)) continue;
    headers[name] = value;
  }
  const toGet = status === 303;
  if (toGet) {
    for (const name of Object.keys(headers)) if (/^content-(?:type|length)$/i.test(name)) delete headers[name];
  }
  // Credentials in the target's own userinfo are the redirecting server's, not the caller's: drop them.
  if (!sameOrigin) {
    target.username = '';
    target.password = '';
  }
  return { ...request, url: target.href, headers, method: toGet ? 'GET' : request.method, body: toGet ? undefined : request.body };
}

/** The origin of a redirect target as a message may show it (`URL.origin` never holds userinfo). */
function originOf(url: URL): string {
  return url.origin === 'null' ? `${url.protocol}//` : url.origin;
}

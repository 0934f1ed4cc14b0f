import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a page may send: the methods the mock serves and the headers llmux and the SDKs set. */
const ALLOWED_METHODS = 'GET, POST, OPTIONS';
const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'x-api-key',
  'anthropic-version',
  'anthropic-beta',
  'anthropic-dangerous-direct-browser-access',
  'http-referer',
  'x-title',
  'x-mock-fault',
].join(', ');

/**
 * Lets a browser page on any origin call the mock server: every answer allows any origin and
 * exposes its headers (`retry-after`, request ids), and a CORS preflight (`OPTIONS` with
 * `Access-Control-Request-Method`) is answered here with the allowed methods and headers.
 * Returns true when the request was a preflight and has been answered; it is not recorded.
 */
export function answerCors(request: IncomingMessage, response: ServerResponse): boolean {
  response.setHeader('access-control-allow-origin', '*');
  response.setHeader('access-control-expose-headers', '*');
  if (request.method !== 'OPTIONS' || request.headers['access-control-request-method'] === undefined) return false;
  // The headers the page asked for are allowed too, so an SDK's own headers never block a test.
  const asked = request.headers['access-control-request-headers'];
  response.writeHead(204, {
    'access-control-allow-methods': ALLOWED_METHODS,
    'access-control-allow-headers': asked === undefined || asked === '' ? ALLOWED_HEADERS : `${ALLOWED_HEADERS}, ${asked}`,
    'access-control-max-age': '600',
    'content-length': '0',
  });
  response.end();
  return true;
}

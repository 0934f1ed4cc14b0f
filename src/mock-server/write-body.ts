import type { ServerResponse } from 'node:http';

/** Sends a complete response with a known length, so keep-alive clients can reuse the socket. */
export function writeBody(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  contentType: string,
  text: string,
): void {
  response.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

export function writeJson(response: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  writeBody(response, status, headers, 'application/json', JSON.stringify(body));
}

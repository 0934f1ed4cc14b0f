import type { IncomingHttpHeaders } from 'node:http';
import type { MockApi, RecordedRequest } from './mock-server-types.js';
import type { ParsedBody } from './parse-json-body.js';

// Recorded requests end up in test output and GET /__mock/requests; keys must not.
const credentialHeaders = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'x-goog-api-key', 'cookie']);

/** Builds the record kept for assertions, with credentials redacted. */
export function recordRequest(
  method: string,
  path: string,
  api: MockApi | undefined,
  headers: IncomingHttpHeaders,
  body: ParsedBody,
): RecordedRequest {
  const recordedHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    recordedHeaders[name] = credentialHeaders.has(name) ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
  }
  const recordedBody = body.valid ? body.value : body.text === '' ? undefined : body.text;
  return { method, path, api, headers: recordedHeaders, body: recordedBody };
}

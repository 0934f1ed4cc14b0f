import { createAnthropicErrorBody } from './anthropic-error-body.js';
import { buildAnthropicMessageResponse } from './build-anthropic-message-response.js';
import { generateReply } from './generate-reply.js';
import { isRecord } from './is-record.js';
import { normalizeAnthropicRequest } from './normalize-anthropic-request.js';
import type { ApiHandler } from './api-handler.js';

/** Serves `POST /v1/messages` in the Anthropic dialect. */
export const anthropicMessagesHandler: ApiHandler = {
  api: 'anthropic',
  requestIdHeader: 'request-id',

  readApiKey(headers) {
    const key = headers['x-api-key'];
    return Array.isArray(key) ? key[0] : key;
  },

  authFailure(provided) {
    return {
      kind: 'json',
      status: 401,
      body: createAnthropicErrorBody(401, provided === undefined ? 'x-api-key header is required' : 'invalid x-api-key'),
    };
  },

  errorResponse(status, message) {
    return { kind: 'json', status, body: createAnthropicErrorBody(status, message) };
  },

  wantsStream(body) {
    return body.valid && isRecord(body.value) && body.value.stream === true;
  },

  respond(body, n) {
    if (!body.valid) {
      return { kind: 'json', status: 400, body: createAnthropicErrorBody(400, 'The request body is not valid JSON.') };
    }
    const normalized = normalizeAnthropicRequest(body.value);
    if (!normalized.ok) return { kind: 'json', status: 400, body: createAnthropicErrorBody(400, normalized.message) };
    return buildAnthropicMessageResponse(normalized.request, generateReply(normalized.request.view), n);
  },
};

import { createAnthropicErrorBody } from './anthropic-error-body.js';
import { anthropicMessagesHandler } from './anthropic-messages-handler.js';
import { generateReply } from './generate-reply.js';
import { isRecord } from './is-record.js';
import { normalizeAnthropicRequest } from './normalize-anthropic-request.js';
import type { ApiHandler } from './api-handler.js';

/**
 * Serves `POST /v1/messages/count_tokens` in the Anthropic dialect: `{ input_tokens }`, the
 * same count a Messages call with this conversation reports as its usage. The body is checked
 * like a Messages body, except that `max_tokens`, which this endpoint does not take, is not required.
 */
export const anthropicCountTokensHandler: ApiHandler = {
  ...anthropicMessagesHandler,

  wantsStream() {
    return false;
  },

  respond(body) {
    if (!body.valid) {
      return { kind: 'json', status: 400, body: createAnthropicErrorBody(400, 'The request body is not valid JSON.') };
    }
    if (!isRecord(body.value))
      return { kind: 'json', status: 400, body: createAnthropicErrorBody(400, 'Request body must be a JSON object.') };
    const normalized = normalizeAnthropicRequest({ ...body.value, max_tokens: 1, stream: false });
    if (!normalized.ok) return { kind: 'json', status: 400, body: createAnthropicErrorBody(400, normalized.message) };
    return { kind: 'json', status: 200, body: { input_tokens: generateReply(normalized.request.view).usage.promptTokens } };
  },
};

import { buildResponsesResponse } from './build-responses-response.js';
import { generateReply } from './generate-reply.js';
import { isRecord } from './is-record.js';
import { normalizeResponsesRequest } from './normalize-responses-request.js';
import { openaiChatHandler } from './openai-chat-handler.js';
import { createOpenAIErrorBody } from './openai-error-body.js';
import type { ApiHandler } from './api-handler.js';

/**
 * Serves `POST /v1/responses`, OpenAI's Responses API: keys, errors and faults as for Chat
 * Completions (it is the same API family, `api: 'openai'` in fault specs), bodies and streams in
 * the Responses shape.
 */
export const openaiResponsesHandler: ApiHandler = {
  ...openaiChatHandler,

  wantsStream(body) {
    return body.valid && isRecord(body.value) && body.value.stream === true;
  },

  respond(body, n) {
    if (!body.valid) {
      return {
        kind: 'json',
        status: 400,
        body: createOpenAIErrorBody(400, { message: 'We could not parse the JSON body of your request.', code: 'invalid_json' }),
      };
    }
    const normalized = normalizeResponsesRequest(body.value);
    if (!normalized.ok) return { kind: 'json', status: 400, body: createOpenAIErrorBody(400, normalized.problem) };
    return buildResponsesResponse(normalized.request, generateReply(normalized.request.view), n);
  },
};

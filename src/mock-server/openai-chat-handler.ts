import { buildOpenAIChatResponse } from './build-openai-chat-response.js';
import { generateReply } from './generate-reply.js';
import { isRecord } from './is-record.js';
import { normalizeOpenAIRequest } from './normalize-openai-request.js';
import { createOpenAIErrorBody } from './openai-error-body.js';
import type { ApiHandler } from './api-handler.js';

/** Serves `POST /v1/chat/completions` in the OpenAI dialect. */
export const openaiChatHandler: ApiHandler = {
  api: 'openai',
  requestIdHeader: 'x-request-id',

  readApiKey(headers) {
    const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
    return match?.[1]?.trim();
  },

  authFailure(provided) {
    return {
      kind: 'json',
      status: 401,
      body: createOpenAIErrorBody(401, {
        message:
          provided === undefined
            ? "You didn't provide an API key. Send it in an 'Authorization: Bearer <key>' header."
            : 'Incorrect API key provided.',
      }),
    };
  },

  errorResponse(status, message) {
    return { kind: 'json', status, body: createOpenAIErrorBody(status, { message }) };
  },

  wantsStream(body) {
    return body.valid && isRecord(body.value) && body.value.stream === true;
  },

  respond(body, n) {
    if (!body.valid) {
      return {
        kind: 'json',
        status: 400,
        body: createOpenAIErrorBody(400, {
          message: 'We could not parse the JSON body of your request.',
          code: 'invalid_json',
        }),
      };
    }
    const normalized = normalizeOpenAIRequest(body.value);
    if (!normalized.ok) {
      return { kind: 'json', status: 400, body: createOpenAIErrorBody(400, normalized.problem) };
    }
    return buildOpenAIChatResponse(normalized.request, generateReply(normalized.request.view), n);
  },
};

/**
 * What the OpenRouter and Responses adapters take from the OpenAI adapter: the Chat Completions
 * loop, request conversion, headers, error mapping and the model-table id. The build puts this
 * module in one file with `llmux/openai`, which those adapters import instead of carrying a
 * copy (an app with OpenAI and OpenRouter bundles the Chat Completions code once). These names
 * are exports of that file at run time, not of its declarations: they are not public API.
 */
export { completeChatCompletions, streamChatCompletions } from './openai-adapter.js';
export { modelTableId, selectOpenAIApi } from './select-openai-api.js';
export { classifyOpenAIError, mapOpenAIError } from './map-openai-error.js';
export { normalizeOpenAIChunk, normalizeOpenAIResponse } from './normalize-openai-chunk.js';
export { convertToOpenAIRequest } from './convert-to-openai-request.js';
export { buildOpenAIHeaders } from './build-openai-headers.js';

import { anthropicCountTokensHandler } from './anthropic-count-tokens-handler.js';
import { anthropicMessagesHandler } from './anthropic-messages-handler.js';
import { openaiChatHandler } from './openai-chat-handler.js';
import { openaiResponsesHandler } from './openai-responses-handler.js';
import type { ApiHandler } from './api-handler.js';

export type Route = { kind: 'health' } | { kind: 'control' } | { kind: 'api'; handler: ApiHandler } | { kind: 'unknown' };

const apiPaths: Record<string, ApiHandler> = {
  '/v1/chat/completions': openaiChatHandler,
  // Some OpenAI-compatible clients are configured with a base URL that already ends in /v1.
  '/chat/completions': openaiChatHandler,
  '/v1/responses': openaiResponsesHandler,
  '/responses': openaiResponsesHandler,
  '/v1/messages': anthropicMessagesHandler,
  '/v1/messages/count_tokens': anthropicCountTokensHandler,
};

/** Decides which part of the mock server answers a path. */
export function routeRequest(pathname: string): Route {
  if (pathname === '/health') return { kind: 'health' };
  if (pathname.startsWith('/__mock/')) return { kind: 'control' };
  const handler = Object.hasOwn(apiPaths, pathname) ? apiPaths[pathname] : undefined;
  return handler === undefined ? { kind: 'unknown' } : { kind: 'api', handler };
}

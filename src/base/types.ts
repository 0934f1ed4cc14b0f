/**
 * The public wire types of llmux: the OpenAI Chat Completions shape, which every provider's
 * requests and responses are translated to and from. Field names stay snake_case on purpose so
 * values move between llmux, openai-node and litellm without renaming.
 *
 * This file is the one place they are imported from; each concern lives in a file of its own.
 */

export type * from './message-types.js';
export type * from './tool-types.js';
export type * from './request-types.js';
export type * from './response-types.js';
export type * from './usage-types.js';
export type * from './chunk-types.js';

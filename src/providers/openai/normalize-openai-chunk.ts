/**
 * Brings the chunk dialects of OpenAI-compatible servers onto OpenAI's own shape, in place
 * (this runs once per streamed event, so it allocates nothing when there is nothing to fix).
 */
import type { ChatCompletionChunk, ModelResponse } from '../../base/types.js';

type Loose = Record<string, unknown>;

/**
 * Fixes a parsed stream chunk: `reasoning` (Ollama, OpenRouter, vLLM) -> `reasoning_content`; a
 * gateway's `provider` (OpenRouter names the upstream there) is also given as `upstream_provider`.
 */
export function normalizeOpenAIChunk(chunk: ChatCompletionChunk): ChatCompletionChunk {
  const upstream = (chunk as unknown as Loose)['provider'];
  if (typeof upstream === 'string' && upstream !== '') chunk.upstream_provider = upstream;
  // `warnings` are llmux's own report of what it changed; a server cannot add to them.
  if ('warnings' in chunk) delete chunk.warnings;
  const choices = chunk.choices;
  if (choices === undefined || choices === null) (chunk as { choices: unknown[] }).choices = [];
  else if (Array.isArray(choices)) {
    for (let i = 0; i < choices.length; i++) {
      const choice = choices[i] as unknown as Loose | null;
      // Anything but an object is left for the accumulator to refuse, with its position.
      if (typeof choice !== 'object' || choice === null) continue;
      const delta = choice['delta'] as Loose | undefined;
      if (delta === undefined || delta === null) choice['delta'] = {};
      else if (typeof delta['reasoning'] === 'string' && delta['reasoning_content'] === undefined) {
        delta['reasoning_content'] = delta['reasoning'];
        delete delta['reasoning'];
      }
    }
  }
  return chunk;
}

/**
 * Fixes a parsed non-streamed response the same way and stamps the llmux provider id. The
 * response's shape is checked first (see `describeInvalidOpenAIResponse`).
 */
export function normalizeOpenAIResponse(response: ModelResponse, provider: string): ModelResponse {
  if (!Array.isArray(response.choices)) response.choices = [];
  if ('warnings' in response) delete response.warnings;
  for (const choice of response.choices) {
    const message = choice.message as unknown as Loose;
    if (typeof message['reasoning'] === 'string' && message['reasoning_content'] === undefined) {
      message['reasoning_content'] = message['reasoning'];
      delete message['reasoning'];
    }
    if (message['refusal'] === undefined) message['refusal'] = null;
    if (choice.logprobs === undefined) choice.logprobs = null;
    if (message['content'] === undefined) message['content'] = null;
  }
  // The OpenAI type says string or absent; some servers send null.
  if (response.system_fingerprint === null) delete response.system_fingerprint;
  if (response.usage === null) delete response.usage;
  // A gateway's own `provider` field names the upstream that served the call: kept before the
  // field becomes the llmux provider id.
  const upstream: unknown = response.provider;
  if (typeof upstream === 'string' && upstream !== '' && upstream !== provider) response.upstream_provider = upstream;
  response.provider = provider;
  return response;
}

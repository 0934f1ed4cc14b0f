/**
 * The opt-in pre-flight check (`createClient({ checkContextWindow: true })`): a prompt that
 * cannot fit the model's context window fails with `ContextWindowExceededError` before it is
 * sent, instead of after a round trip (or, on some servers, silently truncated).
 */
import { ContextWindowExceededError } from '../base/errors.js';
import type { ChatRequest } from '../base/types.js';
import { countTokens } from './count-tokens.js';
import { findModel } from './model-table.js';

/** Local counting only: the check must not cost a request of its own. */
const NO_PROVIDER_COUNTS = { countProviderTokens: async (): Promise<undefined> => undefined };

/**
 * Throws `ContextWindowExceededError` when `request`'s prompt is longer than the context window
 * the model table gives for `provider/model`. A model without a known window passes. The count
 * is exact for OpenAI models with gpt-tokenizer installed and an estimate otherwise (see
 * docs/token-counting.md for its error); the error says which.
 */
export async function checkContextWindow(request: ChatRequest, provider: string, model: string): Promise<void> {
  const id = `${provider}/${model}`;
  const window = findModel(id)?.contextWindow;
  if (window === undefined) return;
  const count = await countTokens({
    model: id,
    messages: request.messages,
    ...(request.tools === undefined ? {} : { tools: request.tools }),
    client: NO_PROVIDER_COUNTS,
  });
  if (count.tokens <= window) return;
  const how = count.method === 'tokenizer' ? `counted with ${count.encoding ?? 'the tokenizer'}` : 'estimated';
  throw new ContextWindowExceededError(
    `The prompt is ${count.tokens} tokens (${how}), more than the ${window}-token context window of ${id}; ` +
      'shorten the conversation, or use a model with a longer context window',
    { provider, model, code: 'context_length_exceeded' },
  );
}

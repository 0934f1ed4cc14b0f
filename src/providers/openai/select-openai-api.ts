/**
 * Which OpenAI wire API serves a call: the call's or the provider's `api` setting when given;
 * otherwise, for OpenAI itself, the model table's word (models it marks `mode: "responses"`
 * speak nothing else); otherwise Chat Completions. Decided without waiting whenever the table
 * has no say, so a compatible server's stream pays nothing for the question.
 */
import { ConfigurationError } from '../../base/errors.js';
import type { AdapterContext, WireApi } from '../adapter-types.js';
import { OPENAI_ENDPOINT } from '../provider-endpoints.js';

/** Whether the call goes to OpenAI's own API (the built-in provider, or one made by `openai()`). */
function isOpenAIItself(context: Pick<AdapterContext, 'provider' | 'providerOptions'>): boolean {
  return context.provider === 'openai' || context.providerOptions.endpoint === OPENAI_ENDPOINT;
}

/** The model's id in the model table: OpenAI's models under `openai/`, others under their provider. */
export function modelTableId(context: Pick<AdapterContext, 'provider' | 'providerOptions' | 'model'>): string {
  return `${isOpenAIItself(context) ? 'openai' : context.provider}/${context.model}`;
}

export function selectOpenAIApi(context: AdapterContext): WireApi | Promise<WireApi> {
  const asked: unknown = context.api;
  if (asked === 'chat' || asked === 'responses') return asked;
  if (asked !== undefined) {
    throw new ConfigurationError(`api must be "chat" or "responses", not ${JSON.stringify(asked)}`, {
      provider: context.provider,
      model: context.model,
    });
  }
  if (context.modelInfo === undefined || !isOpenAIItself(context)) return 'chat';
  const now = context.modelInfoNow?.();
  if (now !== undefined) return now(modelTableId(context))?.mode === 'responses' ? 'responses' : 'chat';
  return context.modelInfo(modelTableId(context)).then(
    (info) => (info?.mode === 'responses' ? 'responses' : 'chat'),
    // No table to ask: the default API.
    () => 'chat',
  );
}

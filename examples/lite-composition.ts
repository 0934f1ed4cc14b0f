/**
 * Serverless and edge functions: compose the client from the providers the app uses, so the
 * bundle holds only those (a one-call OpenAI app bundles to under 8 KB gzipped). Each call is
 * its own function; callbacks come wrapped by withCallbacks.
 */
import { RateLimitError, complete, createClient, stream, withCallbacks } from 'llmux/lite';
import { anthropic } from 'llmux/anthropic';
import { openai } from 'llmux/openai';
import { startMockServer } from 'llmux/mock-server';

const server = await startMockServer();
const client = createClient({
  providers: {
    openai: openai({ baseURL: server.openaiBaseURL, apiKey: 'example-key' }),
    anthropic: anthropic({ baseURL: server.anthropicBaseURL, apiKey: 'example-key' }),
  },
  callbacks: withCallbacks({ onResponse: (e) => console.log(`onResponse: ${e.provider} ${e.usage?.total_tokens} tokens`) }),
});
const messages = [{ role: 'user' as const, content: 'Hello' }];

const res = await complete(client, { model: 'openai/gpt-4o-mini', messages });
console.log('openai:', res.choices[0]?.message.content);

let text = '';
for await (const delta of stream(client, { model: 'anthropic/claude-sonnet-4-5', messages }).textStream) text += delta;
console.log('anthropic:', text);

server.injectFaults([{ status: 429, retryAfterMs: 10 }]);
try {
  await complete(client, { model: 'openai/gpt-4o-mini', messages }, { maxRetries: 0 });
} catch (error) {
  console.log('typed:', error instanceof RateLimitError);
}

client.close();
await server.close();

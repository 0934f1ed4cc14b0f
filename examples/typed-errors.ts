/**
 * Failures are typed and nothing received is lost: a 429 is retried after the server's
 * Retry-After, and a stream cut mid-way throws an error that carries the partial response.
 */
import { APIConnectionError, RateLimitError, createClient, isLlmuxError } from 'llmux';
import { startMockServer } from 'llmux/mock-server';

const server = await startMockServer();
const client = createClient({
  providers: { openai: { baseURL: server.openaiBaseURL, apiKey: 'example-key' } },
  callbacks: { onRetry: ({ error, delayMs }) => console.log(`retrying after ${error.name} in ${delayMs} ms`) },
});
const messages = [{ role: 'user' as const, content: 'Tell me something' }];

server.injectFaults([{ status: 429, retryAfterMs: 50 }]);
const recovered = await client.complete({ model: 'openai/gpt-4o-mini', messages });
console.log('recovered:', recovered.choices[0]?.finish_reason);

server.injectFaults([{ status: 429, retryAfterMs: 50 }]);
try {
  await client.complete({ model: 'openai/gpt-4o-mini', messages }, { maxRetries: 0 });
} catch (error) {
  if (error instanceof RateLimitError) console.log(`gave up: ${error.name} status=${error.status} retryAfterMs=${error.retryAfterMs}`);
}

server.injectFaults([{ resetAfterChunks: 4 }]);
try {
  for await (const _ of client.stream({ model: 'openai/gpt-4o-mini', messages }, { maxRetries: 0 })) {
    // reading until the connection drops
  }
} catch (error) {
  if (error instanceof APIConnectionError) console.log(`cut: ${error.name}, partial text: ${JSON.stringify(error.partialText)}`);
  console.log('isLlmuxError:', isLlmuxError(error));
}

client.close();
await server.close();

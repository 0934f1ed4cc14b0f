/**
 * One call shape, whole or streamed, against the built-in mock server over real HTTP.
 * Swap the provider options for a real key and nothing else changes.
 */
import { createClient } from 'llmux';
import { startMockServer } from 'llmux/mock-server';

const server = await startMockServer();
const client = createClient({ providers: { openai: { baseURL: server.openaiBaseURL, apiKey: 'example-key' } } });

const response = await client.complete({
  model: 'openai/gpt-4o-mini',
  messages: [{ role: 'user', content: 'Hello' }],
});
console.log('complete:', response.choices[0]?.message.content);
console.log('tokens:', response.usage?.total_tokens);

const stream = client.stream({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Stream me' }] });
const deltas: string[] = [];
for await (const text of stream.textStream) deltas.push(text);
const final = await stream.finalResponse();
console.log('stream:', deltas.join(''));
console.log('deltas:', deltas.length, 'final usage:', final.usage?.total_tokens);

client.close();
await server.close();

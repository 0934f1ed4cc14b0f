/**
 * Typed objects from any provider: one zod schema, answered by OpenAI (json_schema) and Anthropic
 * (a forced tool call), both served by the mock server here; then the same object streamed as
 * partial objects. Needs zod (npm install zod), or any Standard Schema library.
 */
import { createClient } from 'llmux';
import { startMockServer } from 'llmux/mock-server';
import { completeObject, streamObject } from 'llmux/structured';
import { z } from 'zod';

const server = await startMockServer();
const client = createClient({
  providers: {
    openai: { baseURL: server.openaiBaseURL, apiKey: 'example-key' },
    anthropic: { baseURL: server.anthropicBaseURL, apiKey: 'example-key' },
  },
});

const Forecast = z.object({
  city: z.string(),
  celsius: z.number(),
  conditions: z.array(z.enum(['sunny', 'cloudy', 'rain'])).min(1),
});
const messages = [{ role: 'user' as const, content: 'Paris tomorrow: 18°C and sunny' }];

for (const model of ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5']) {
  // mode defaults to 'auto': the best the model takes, stepping down if the provider refuses it.
  const { object, mode, usage, cost } = await completeObject({ model, messages, schema: Forecast, client });
  console.log(`${model}: ${JSON.stringify(object)} via ${mode}, ${usage.total_tokens} tokens, $${cost?.total.toFixed(8)}`);
}

const stream = streamObject({ model: 'openai/gpt-4o-mini', messages, schema: Forecast, client });
for await (const partial of stream) console.log(`partial: ${JSON.stringify(partial)}`);
const forecast = await stream.finalObject(); // validated: z.infer<typeof Forecast>
console.log(`final: ${forecast.city}, ${forecast.celsius}°C, ${forecast.conditions.join(' ')}`);

client.close();
await server.close();

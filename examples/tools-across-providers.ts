/**
 * A tool call written once in the OpenAI shape, run on OpenAI and on Anthropic (both served by
 * the mock server here), and the conversation carried on with the tool's result.
 */
import { type ChatCompletionMessageParam, type ChatCompletionTool, createClient } from 'llmux';
import { startMockServer } from 'llmux/mock-server';

const server = await startMockServer();
const client = createClient({
  providers: {
    openai: { baseURL: server.openaiBaseURL, apiKey: 'example-key' },
    anthropic: { baseURL: server.anthropicBaseURL, apiKey: 'example-key' },
  },
});

const tools: ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
];

for (const model of ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5']) {
  const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
  const first = await client.complete({ model, messages, tools });
  const call = first.choices[0]?.message.tool_calls?.[0];
  if (call === undefined) throw new Error(`${model} made no tool call`);
  console.log(`${model}: called ${call.function.name}(${call.function.arguments}), finish_reason=${first.choices[0]?.finish_reason}`);
  messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: '18°C and sunny' });
  const second = await client.complete({ model, messages, tools });
  console.log(`${model}: ${second.choices[0]?.message.content}`);
}

client.close();
await server.close();

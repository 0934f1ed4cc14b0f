/**
 * A model served only by OpenAI's Responses API (gpt-5-pro), reached with the usual call
 * shape, in a tool loop whose encrypted reasoning travels with the conversation (the mock
 * server plays OpenAI here and checks the reasoning comes back right before its call).
 */
import { type ChatCompletionMessageParam, type ChatCompletionTool, createClient } from 'llmux';
import { startMockServer } from 'llmux/mock-server';

const server = await startMockServer();
// No `api` option: the model table says gpt-5-pro speaks only /v1/responses.
const client = createClient({ providers: { openai: { baseURL: server.openaiBaseURL, apiKey: 'example-key' } } });

const tools: ChatCompletionTool[] = [
  {
    type: 'function',
    function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
  },
];
const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];

const first = await client.stream({ model: 'openai/gpt-5-pro', messages, tools }).finalResponse();
const message = first.choices[0]!.message;
const call = message.tool_calls![0]!;
console.log(`sent to ${server.requests.at(-1)!.path}: called ${call.function.name}, finish_reason=${first.choices[0]!.finish_reason}`);
console.log(`reasoning summary: ${message.reasoning_content}`);
console.log(`reasoning carried: ${message.reasoning_details?.map((d) => `${d.id} before ${d.tool_call_id}`).join(', ')}`);

messages.push(message, { role: 'tool', tool_call_id: call.id, content: '18°C and sunny' });
const second = await client.complete({ model: 'openai/gpt-5-pro', messages, tools });
const input = (server.requests.at(-1)!.body as { input: { type?: string; role?: string }[] }).input;
console.log(`second request items: ${input.map((item) => item.type ?? item.role).join(', ')}`);
console.log(`answer: ${second.choices[0]!.message.content}`);

client.close();
await server.close();

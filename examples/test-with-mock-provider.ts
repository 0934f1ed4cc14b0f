/**
 * Testing your own code without a network: the `mock` provider answers from `mock_response`.
 */
import { createClient } from 'llmux';

const client = createClient();

const text = await client.complete({ model: 'mock/any', messages: [{ role: 'user', content: 'hi' }], mock_response: 'Fixed answer' });
console.log('text:', text.choices[0]?.message.content);

const tool = await client.complete({
  model: 'mock/any',
  messages: [{ role: 'user', content: 'search llmux' }],
  mock_response: { tool_calls: [{ name: 'search', arguments: { query: 'llmux' } }] },
});
console.log('tool:', tool.choices[0]?.message.tool_calls?.[0]?.function.arguments);

const chunks: string[] = [];
for await (const delta of client.stream({
  model: 'mock/any',
  messages: [{ role: 'user', content: 'x' }],
  mock_response: { content: 'a b c d', chunks: 2 },
}).textStream)
  chunks.push(delta);
console.log('chunks:', JSON.stringify(chunks));

try {
  await client.complete({
    model: 'mock/any',
    messages: [{ role: 'user', content: 'x' }],
    mock_response: { error: { status: 401, message: 'bad key' } },
  });
} catch (error) {
  console.log('error:', (error as Error).name);
}

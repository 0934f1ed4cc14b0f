// @anthropic-ai/sdk alone: one message.
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic();
const res = await client.messages.create({
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'Say hello.' }],
});
console.log(res.content[0].text);

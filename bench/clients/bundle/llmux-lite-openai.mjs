// A one-call app on llmux/lite with OpenAI only: what a serverless or edge function ships.
import { complete, createClient } from 'llmux/lite';
import { openai } from 'llmux/openai';

const client = createClient({ providers: { openai: openai() } });
const res = await complete(client, { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] });
console.log(res.choices[0].message.content);

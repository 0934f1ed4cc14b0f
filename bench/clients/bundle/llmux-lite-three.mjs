// A one-call app on llmux/lite with OpenAI, Anthropic and OpenRouter, model chosen at run time.
import { complete, createClient } from 'llmux/lite';
import { anthropic } from 'llmux/anthropic';
import { openai } from 'llmux/openai';
import { openrouter } from 'llmux/openrouter';

const client = createClient({ providers: { openai: openai(), anthropic: anthropic(), openrouter: openrouter() } });
const res = await complete(client, {
  model: globalThis.process?.env.MODEL ?? 'openai/gpt-4o-mini',
  messages: [{ role: 'user', content: 'Say hello.' }],
});
console.log(res.choices[0].message.content);

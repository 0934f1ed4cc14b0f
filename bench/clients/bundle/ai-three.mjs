// The Vercel AI SDK with OpenAI, Anthropic and OpenRouter providers, model chosen at run time.
import { anthropic } from '@ai-sdk/anthropic';
import { openai } from '@ai-sdk/openai';
import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { generateText } from 'ai';

const openrouter = createOpenRouter();
const pick = { openai: (m) => openai(m), anthropic: (m) => anthropic(m), openrouter: (m) => openrouter(m) };
const [provider, ...rest] = (globalThis.process?.env.MODEL ?? 'openai/gpt-4o-mini').split('/');
const { text } = await generateText({ model: pick[provider](rest.join('/')), prompt: 'Say hello.' });
console.log(text);

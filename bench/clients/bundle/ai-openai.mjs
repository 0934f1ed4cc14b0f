// The Vercel AI SDK with its OpenAI provider: one generateText.
import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';

const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: 'Say hello.' });
console.log(text);

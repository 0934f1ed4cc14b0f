// The AI SDK: generateText with its OpenAI provider (Chat Completions).
import { generateText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { fail, finish, localBaseURL } from '../../lib/child-report.mjs';

const BASE_URL = localBaseURL();

try {
  const openai = createOpenAI({ baseURL: BASE_URL, apiKey: 'bench' });
  const result = await generateText({ model: openai.chat('gpt-4o-mini'), messages: [{ role: 'user', content: 'Say hello.' }] });
  if (result.text !== process.env.BENCH_EXPECT) throw new Error(`unexpected reply: ${JSON.stringify(result.text)}`);
  finish({ contentLength: result.text.length });
} catch (error) {
  fail(error);
}

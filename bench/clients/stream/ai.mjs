// The AI SDK: streamText with its OpenAI provider (Chat Completions), reading textStream.
import { streamText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { cpuSince, fail, finish, localBaseURL } from '../../lib/child-report.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const BASE_URL = localBaseURL();

try {
  const openai = createOpenAI({ baseURL: BASE_URL, apiKey: 'bench' });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let streamError;
  const result = streamText({
    model: openai.chat('gpt-4o-mini'),
    messages: [{ role: 'user', content: 'Tell me a long story.' }],
    onError: ({ error }) => (streamError = error),
  });
  let text = '';
  for await (const piece of result.textStream) text += piece;
  if (streamError !== undefined) throw streamError;
  const usage = await result.usage;
  const streamMs = performance.now() - t0;
  const streamCpuUs = cpuSince(cpu0);
  finish({ textLength: text.length, textHash: textHash(text), completionTokens: usage?.outputTokens, streamMs, streamCpuUs });
} catch (error) {
  fail(error);
}

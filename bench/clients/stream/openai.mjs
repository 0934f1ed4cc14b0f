// The openai SDK: chat.completions.create({ stream: true }), iterating the chunks.
import OpenAI from 'openai';
import { cpuSince, fail, finish, localBaseURL } from '../../lib/child-report.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const BASE_URL = localBaseURL();

try {
  const client = new OpenAI({ baseURL: BASE_URL, apiKey: 'bench' });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Tell me a long story.' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let usage;
  for await (const chunk of stream) {
    const content = chunk.choices[0]?.delta?.content;
    if (content) text += content;
    if (chunk.usage) usage = chunk.usage;
  }
  const streamMs = performance.now() - t0;
  const streamCpuUs = cpuSince(cpu0);
  finish({ textLength: text.length, textHash: textHash(text), completionTokens: usage?.completion_tokens, streamMs, streamCpuUs });
} catch (error) {
  fail(error);
}

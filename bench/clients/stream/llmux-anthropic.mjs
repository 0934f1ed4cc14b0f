// llmux against the Anthropic Messages API: client.stream(), iterating the chunks and joining
// the text deltas.
import { createClient } from 'llmux';
import { cpuSince, fail, finish, localBaseURL } from '../../lib/child-report.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const BASE_URL = localBaseURL();

try {
  const client = createClient({ providers: { anthropic: { baseURL: BASE_URL, apiKey: 'bench' } } });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const stream = client.stream({
    model: 'anthropic/claude-sonnet-4-5',
    max_tokens: 32000,
    messages: [{ role: 'user', content: 'Tell me a long story.' }],
  });
  let text = '';
  let usage;
  for await (const chunk of stream) {
    const content = chunk.choices[0]?.delta.content;
    if (content) text += content;
    if (chunk.usage) usage = chunk.usage;
  }
  const streamMs = performance.now() - t0;
  const streamCpuUs = cpuSince(cpu0);
  finish({ textLength: text.length, textHash: textHash(text), completionTokens: usage?.completion_tokens, streamMs, streamCpuUs });
} catch (error) {
  fail(error);
}

// llmux: client.stream() through the Responses API (api: 'responses'), iterating the chunks and
// joining the text deltas.
import { createClient } from 'llmux';
import { cpuSince, fail, finish, localBaseURL } from '../../lib/child-report.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const BASE_URL = localBaseURL();

try {
  const client = createClient({ providers: { openai: { baseURL: BASE_URL, apiKey: 'bench', api: 'responses' } } });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const stream = client.stream({ model: 'openai/gpt-5-mini', messages: [{ role: 'user', content: 'Tell me a long story.' }] });
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

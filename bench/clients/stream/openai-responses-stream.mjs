// The openai SDK: responses.stream(), iterating the events and joining the output_text deltas.
import OpenAI from 'openai';
import { cpuSince, fail, finish, localBaseURL } from '../../lib/child-report.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const BASE_URL = localBaseURL();

try {
  const client = new OpenAI({ baseURL: BASE_URL, apiKey: 'bench' });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const stream = client.responses.stream({
    model: 'gpt-5-mini',
    input: [{ role: 'user', content: 'Tell me a long story.' }],
    store: false,
  });
  let text = '';
  let usage;
  for await (const event of stream) {
    if (event.type === 'response.output_text.delta') text += event.delta;
    else if (event.type === 'response.completed') usage = event.response.usage;
  }
  const streamMs = performance.now() - t0;
  const streamCpuUs = cpuSince(cpu0);
  finish({ textLength: text.length, textHash: textHash(text), completionTokens: usage?.output_tokens, streamMs, streamCpuUs });
} catch (error) {
  fail(error);
}

// The Anthropic SDK without the helper: messages.create({ stream: true }), iterating the raw
// events and joining the text deltas.
import Anthropic from '@anthropic-ai/sdk';
import { cpuSince, fail, finish, localBaseURL } from '../../lib/child-report.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const BASE_URL = localBaseURL();

try {
  const client = new Anthropic({ baseURL: BASE_URL, apiKey: 'bench' });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const stream = await client.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 32000,
    messages: [{ role: 'user', content: 'Tell me a long story.' }],
    stream: true,
  });
  let text = '';
  let outputTokens;
  for await (const event of stream) {
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    else if (event.type === 'message_delta') outputTokens = event.usage.output_tokens;
  }
  const streamMs = performance.now() - t0;
  const streamCpuUs = cpuSince(cpu0);
  finish({ textLength: text.length, textHash: textHash(text), completionTokens: outputTokens, streamMs, streamCpuUs });
} catch (error) {
  fail(error);
}

// The Anthropic SDK's stream helper: messages.stream(), iterating its events, joining the text
// deltas, then finalMessage() for the usage (the helper accumulates the message as it goes).
import Anthropic from '@anthropic-ai/sdk';
import { cpuSince, fail, finish, localBaseURL } from '../../lib/child-report.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const BASE_URL = localBaseURL();

try {
  const client = new Anthropic({ baseURL: BASE_URL, apiKey: 'bench' });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const stream = client.messages.stream({
    model: 'claude-sonnet-4-5',
    max_tokens: 32000,
    messages: [{ role: 'user', content: 'Tell me a long story.' }],
  });
  let text = '';
  for await (const event of stream) {
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
  }
  const message = await stream.finalMessage();
  const streamMs = performance.now() - t0;
  const streamCpuUs = cpuSince(cpu0);
  finish({ textLength: text.length, textHash: textHash(text), completionTokens: message.usage.output_tokens, streamMs, streamCpuUs });
} catch (error) {
  fail(error);
}

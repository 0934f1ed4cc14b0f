// pi-ai: stream() with a custom OpenAI-compatible model, joining its text_delta events.
import { stream } from '@mariozechner/pi-ai';
import { cpuSince, fail, finish, localBaseURL } from '../../lib/child-report.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const BASE_URL = localBaseURL();

const model = {
  id: 'gpt-4o-mini',
  name: 'bench',
  api: 'openai-completions',
  provider: 'bench',
  baseUrl: BASE_URL,
  reasoning: false,
  input: ['text'],
  cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
  contextWindow: 128000,
  maxTokens: 32000,
};

try {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const events = stream(
    model,
    { messages: [{ role: 'user', content: 'Tell me a long story.', timestamp: Date.now() }] },
    { apiKey: 'bench' },
  );
  let text = '';
  let usage;
  for await (const event of events) {
    if (event.type === 'text_delta') text += event.delta;
    else if (event.type === 'error') throw new Error(event.error?.errorMessage ?? 'pi-ai stream error');
    else if (event.type === 'done') usage = event.message.usage;
  }
  const streamMs = performance.now() - t0;
  const streamCpuUs = cpuSince(cpu0);
  finish({ textLength: text.length, textHash: textHash(text), completionTokens: usage?.output, streamMs, streamCpuUs });
} catch (error) {
  fail(error);
}

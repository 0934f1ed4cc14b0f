// pi-ai: complete() with a custom OpenAI-compatible model (pi-ai streams underneath).
import { complete } from '@mariozechner/pi-ai';
import { fail, finish, localBaseURL } from '../../lib/child-report.mjs';

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
  maxTokens: 4096,
};

try {
  const message = await complete(
    model,
    { messages: [{ role: 'user', content: 'Say hello.', timestamp: Date.now() }] },
    { apiKey: 'bench' },
  );
  if (message.stopReason === 'error') throw new Error(message.errorMessage);
  const text = message.content
    .filter((c) => c.type === 'text')
    .map((c) => c.text)
    .join('');
  if (text !== process.env.BENCH_EXPECT) throw new Error(`unexpected reply: ${JSON.stringify(text)}`);
  finish({ contentLength: text.length });
} catch (error) {
  fail(error);
}

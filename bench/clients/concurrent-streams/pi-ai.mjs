// pi-ai: concurrent stream() calls with a custom OpenAI-compatible model, joining its
// text_delta events (pi-ai makes an openai SDK client per call, over Node's global fetch).
import { stream } from '@mariozechner/pi-ai';
import { localBaseURL } from '../../lib/child-report.mjs';
import { runBurst, streamExpectation } from '../../lib/burst.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const model = {
  id: 'gpt-4o-mini',
  name: 'bench',
  api: 'openai-completions',
  provider: 'bench',
  baseUrl: localBaseURL(),
  reasoning: false,
  input: ['text'],
  cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
  contextWindow: 128000,
  maxTokens: 4096,
};

async function one() {
  let text = '';
  for await (const event of stream(
    model,
    { messages: [{ role: 'user', content: 'Tell me a story.', timestamp: Date.now() }] },
    { apiKey: 'bench' },
  )) {
    if (event.type === 'text_delta') text += event.delta;
    else if (event.type === 'error') throw new Error(event.error?.errorMessage ?? 'pi-ai stream error');
  }
  return { length: text.length, hash: textHash(text) };
}

await runBurst(Number(process.env.BENCH_STREAMS), one, streamExpectation());

// pi-ai: concurrent stream() calls with a custom model on its anthropic-messages API, joining its
// text_delta events (pi-ai makes an @anthropic-ai/sdk client per call, over Node's global fetch).
import { stream } from '@mariozechner/pi-ai';
import { localBaseURL } from '../../lib/child-report.mjs';
import { runBurst, streamExpectation } from '../../lib/burst.mjs';
import { textHash } from '../../lib/text-hash.mjs';

const model = {
  id: 'claude-sonnet-4-5',
  name: 'bench',
  api: 'anthropic-messages',
  provider: 'bench',
  baseUrl: localBaseURL(),
  reasoning: false,
  input: ['text'],
  cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
  contextWindow: 200000,
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

// @anthropic-ai/sdk: 1,000 concurrent messages.create() calls on one client (Node's global fetch
// underneath: undici's global dispatcher, unlimited connections per origin), the text blocks joined.
import Anthropic from '@anthropic-ai/sdk';
import { localBaseURL } from '../../lib/child-report.mjs';
import { runBurst } from '../../lib/burst.mjs';

const EXPECT = process.env.BENCH_EXPECT;
const client = new Anthropic({ baseURL: localBaseURL(), apiKey: 'bench' });

async function one() {
  const message = await client.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'Say hello.' }],
  });
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

await runBurst(Number(process.env.BENCH_REQUESTS), one, (text) => text === EXPECT);

// llmux: 1,000 concurrent client.complete() calls through its anthropic provider on one client
// (its own keep-alive http.Agent, unlimited sockets). The model is in llmux's model table, so
// every response is priced; an unpriced one counts as wrong.
import { createClient } from 'llmux';
import { localBaseURL } from '../../lib/child-report.mjs';
import { runBurst } from '../../lib/burst.mjs';

const EXPECT = process.env.BENCH_EXPECT;
const client = createClient({ providers: { anthropic: { baseURL: localBaseURL(), apiKey: 'bench' } } });

async function one() {
  const response = await client.complete({
    model: 'anthropic/claude-sonnet-4-5',
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'Say hello.' }],
  });
  return { text: response.choices[0].message.content, priced: response.cost?.total > 0 };
}

await runBurst(Number(process.env.BENCH_REQUESTS), one, (r) => r.text === EXPECT && r.priced);

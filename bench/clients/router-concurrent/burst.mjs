// One burst through llmux, started all at once and awaited together: `completions` (BENCH_REQUESTS
// non-streaming calls) or `streams` (BENCH_STREAMS streamed calls, every chunk read). argv[2] says
// through what: `client` (one createClient), `router` (a Router with one deployment of the group
// "bench") or `router-2` (two deployments of it, both on the same local server). Every reply's
// text is checked; the child times the burst and its CPU, and reports its peak RSS at exit.
import { createClient } from 'llmux';
import * as routerModule from 'llmux/router';
import { cpuSince, fail, finish, localBaseURL } from '../../lib/child-report.mjs';

const BASE_URL = localBaseURL();
const via = process.argv[2];
const scenario = process.argv[3];
const count = Number(scenario === 'streams' ? process.env.BENCH_STREAMS : process.env.BENCH_REQUESTS);
const EXPECT = process.env.BENCH_EXPECT;
const messages = [{ role: 'user', content: 'Say hello.' }];
// The router's own client is configured as the plain client is.
const clientOptions = { providers: { openai: { baseURL: BASE_URL, apiKey: 'bench' } } };

function target() {
  if (via === 'client') return { llm: createClient(clientOptions), model: 'openai/gpt-4o-mini' };
  const deployments = Array.from({ length: via === 'router-2' ? 2 : 1 }, () => ({ group: 'bench', model: 'openai/gpt-4o-mini' }));
  return { llm: new routerModule.Router({ deployments, client: clientOptions }), model: 'bench' };
}

try {
  if (!['client', 'router', 'router-2'].includes(via) || !['completions', 'streams'].includes(scenario))
    throw new Error(`usage: burst.mjs client|router|router-2 completions|streams`);
  const { llm, model } = target();
  const servedBy = new Set();
  const note = (response) => {
    const deployment = response.routing?.servedBy.deployment;
    if (deployment !== undefined) servedBy.add(deployment);
  };
  const complete = async () => {
    const response = await llm.complete({ model, messages });
    note(response);
    return response.choices[0].message.content;
  };
  const stream = async () => {
    const s = llm.stream({ model, messages });
    let text = '';
    for await (const chunk of s) text += chunk.choices[0]?.delta?.content ?? '';
    note(await s.finalResponse());
    return text;
  };
  const rssBefore = process.memoryUsage.rss();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const texts = await Promise.all(Array.from({ length: count }, scenario === 'streams' ? stream : complete));
  const burstMs = performance.now() - t0;
  const burstCpuUs = cpuSince(cpu0);
  const wrong = texts.filter((t) => t !== EXPECT);
  if (wrong.length > 0) throw new Error(`${wrong.length} of ${count} replies wrong, e.g. ${JSON.stringify(wrong[0]).slice(0, 200)}`);
  const deployments = via === 'client' ? 0 : via === 'router' ? 1 : 2;
  if (servedBy.size !== deployments) throw new Error(`served by ${servedBy.size} deployment(s), expected ${deployments}`);
  // A stream's ledger entry is written when its attempt settles, just after its last chunk.
  await new Promise((resolve) => setImmediate(resolve));
  const ledgerEntries = via === 'client' ? undefined : llm.ledger.entries().length;
  if (ledgerEntries !== undefined && ledgerEntries !== count)
    throw new Error(`the router's ledger holds ${ledgerEntries} entries, expected ${count}`);
  finish({ correct: texts.length, burstMs, burstCpuUs, rssBeforeBytes: rssBefore, ledgerEntries });
} catch (error) {
  fail(error);
}

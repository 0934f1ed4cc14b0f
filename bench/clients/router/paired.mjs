// The Router and the plain client in one process, over the same local server: after a warm-up
// of both, blocks of sequential calls alternate between them (client, Router, Router, client,
// ...), and each block's wall and CPU per call are kept. The Router's overhead is the median,
// over block pairs, of the Router's block minus the client's next to it: the machine's drift and
// the differences between processes (which are larger than the overhead) fall out.
import { createClient } from 'llmux';
import * as routerModule from 'llmux/router';
import { cpuSince, fail, finish, localBaseURL } from '../../lib/child-report.mjs';

const EXPECT = process.env.BENCH_EXPECT;
const WARMUP = Number(process.env.BENCH_WARMUP);
const BLOCKS = Number(process.env.BENCH_BLOCKS);
const BLOCK_CALLS = Number(process.env.BENCH_BLOCK_CALLS);

const providers = { openai: { baseURL: localBaseURL(), apiKey: 'bench' } };
const client = createClient({ providers });
const options = { deployments: [{ group: 'bench', model: 'openai/gpt-4o-mini' }], client: { providers } };
const router = typeof routerModule.createRouter === 'function' ? routerModule.createRouter(options) : new routerModule.Router(options);
const clientRequest = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] };
const routerRequest = { model: 'bench', messages: [{ role: 'user', content: 'Say hello.' }] };

const calls = {
  client: async () => (await client.complete(clientRequest)).choices[0].message.content,
  router: async () => (await router.complete(routerRequest)).choices[0].message.content,
};

async function block(name, count) {
  const call = calls[name];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const text = await call();
    if (text !== EXPECT) throw new Error(`${name} call ${i}: unexpected reply ${JSON.stringify(text)}`);
  }
  return { usPerCall: ((performance.now() - t0) * 1000) / count, cpuUsPerCall: cpuSince(cpu0) / count };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

try {
  for (let i = 0; i < WARMUP; i++) {
    await block('client', 1);
    await block('router', 1);
  }
  const pairs = [];
  for (let b = 0; b < BLOCKS; b++) {
    // The order flips every pair, so neither side always runs first.
    const order = b % 2 === 0 ? ['client', 'router'] : ['router', 'client'];
    const pair = {};
    for (const name of order) pair[name] = await block(name, BLOCK_CALLS);
    pairs.push(pair);
  }
  const pick = (name, field) => median(pairs.map((p) => p[name][field]));
  finish({
    calls: 2 * BLOCKS * BLOCK_CALLS,
    clientUsPerCall: pick('client', 'usPerCall'),
    clientCpuUsPerCall: pick('client', 'cpuUsPerCall'),
    routerUsPerCall: pick('router', 'usPerCall'),
    routerCpuUsPerCall: pick('router', 'cpuUsPerCall'),
    overClientUs: median(pairs.map((p) => p.router.usPerCall - p.client.usPerCall)),
    cpuOverClientUs: median(pairs.map((p) => p.router.cpuUsPerCall - p.client.cpuUsPerCall)),
    ledgerEntries: router.ledger.entries().length,
  });
} catch (error) {
  fail(error);
}

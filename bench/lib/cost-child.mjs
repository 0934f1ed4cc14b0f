// Child of first-cost.mjs: in a fresh process, imports one client's model registry and prices
// one call (1,000 prompt tokens, 200 completion tokens of gpt-4o), timing the import and the
// first cost apart. `empty` imports an empty package and prices nothing: Node's own charge for
// a first package import, the baseline the target is stated against.
const which = process.argv[2];
const usage = { prompt_tokens: 1000, completion_tokens: 200 };
const t0 = performance.now();
let cost;
let t1;
if (which === 'empty') {
  await import('bench-empty-package');
  t1 = performance.now();
} else if (which === 'llmux-root') {
  await import('llmux');
  t1 = performance.now();
} else if (which === 'llmux') {
  const { completionCost } = await import('llmux/models');
  t1 = performance.now();
  cost = completionCost({ model: 'openai/gpt-4o', usage })?.total;
} else if (which === 'pi-ai') {
  const { getModel, calculateCost } = await import('@mariozechner/pi-ai');
  t1 = performance.now();
  const model = getModel('openai', 'gpt-4o');
  cost = calculateCost(model, {
    input: 1000,
    output: 200,
    cacheRead: 0,
    cacheWrite: 0,
    totalTokens: 1200,
    cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 },
  }).total;
} else {
  throw new Error(`unknown client ${which}`);
}
const t2 = performance.now();
process.stdout.write(
  `${JSON.stringify({ ok: true, importMs: t1 - t0, firstCostMs: t2 - t1, totalMs: t2 - t0, cost, maxRSSKiB: process.resourceUsage().maxRSS })}\n`,
);

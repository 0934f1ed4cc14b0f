// Child of import-cost.mjs: imports the specifiers given as arguments, one after the other, and
// reports how long that took and how much the process RSS grew. With no argument it imports
// nothing, which is the bare-node baseline.
const specifiers = process.argv.slice(2);
const rssBefore = process.memoryUsage.rss();
const t0 = performance.now();
for (const specifier of specifiers) await import(specifier);
const importMs = performance.now() - t0;
const rssAfter = process.memoryUsage.rss();
process.stdout.write(`${JSON.stringify({ ok: true, importMs, rssBefore, rssAfter, maxRSSKiB: process.resourceUsage().maxRSS })}\n`);

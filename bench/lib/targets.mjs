// llmux's performance targets, in one place for the chart and the README table: each a ceiling
// on llmux's median (ratios to raw node:http, or to the plain client for the Router, measured
// in the same run). A benchmark's own `targets` in results.json may carry older limits.
export const TARGETS = {
  /** `import "llmux"`, ms over importing an empty package by name. */
  importOverEmptyMs: 1.5,
  /** Cold one-shot completion, process wall time. */
  coldWallRatio: 1.05,
  /** One OpenAI stream of 20,000 chunks, process CPU. */
  streamCpuRatio: 1.1,
  /** One Anthropic stream of 20,000 events, process CPU (Node 20). */
  anthropicStreamCpuRatio: 1.15,
  /** 1,000 concurrent completions, CPU of the burst, and peak RSS over raw in MiB. */
  concurrentCpuRatio: 1.15,
  concurrentRssOverRawMiB: 8,
  /** 100 streams × 200 chunks and 1,000 streams × 50 chunks at once, CPU of the burst. */
  concurrentStreamsCpuRatio: 1.2,
  /** The Router over the plain client: both bursts' CPU, and µs per warm sequential call. */
  routerBurstCpuRatio: 1.1,
  routerPerCallUs: 20,
  /** First `completionCost` in a fresh process, ms over an empty import. */
  firstCostMs: 10,
  /** One-call app bundles, gzipped KB: `llmux/lite` with OpenAI, and with three providers. */
  bundleLiteOpenaiKB: 8,
  bundleLiteThreeKB: 20,
};

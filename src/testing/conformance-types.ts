/**
 * What the conformance kit checks and how it reports: results are plain data (JSON-serialisable),
 * so a child process can run the kit and hand its report to whoever started it.
 */
import type { ProviderOptions } from '../core/resolve-provider.js';
import type { ProviderAdapter, ProviderCompat } from '../providers/adapter-types.js';
import type { Transport } from '../transport/transport-types.js';
import type { ConformanceFixture } from './fixture-types.js';

/** Every check the kit knows, with a title for reports and what it asks of an adapter. */
export const CHECKS = {
  adapter: { title: 'adapter', asks: 'the module exports a ProviderAdapter (specificationVersion "v1", provider, stream)' },
  request: {
    title: 'request',
    asks: 'one request per call, to the right method and path, with the key in the auth header, context.headers sent, pinned body fields',
  },
  text: { title: 'plain text', asks: 'complete() returns the text (and id, model, reasoning when pinned)' },
  'text-stream': { title: 'streamed text', asks: 'stream() deltas add up to the text' },
  'tool-calls': { title: 'tool calls', asks: 'complete() returns the tool calls: ids, names, arguments as JSON' },
  'tool-calls-stream': { title: 'streamed tool calls', asks: 'tool-call fragments stream by index and add up to the calls' },
  usage: { title: 'usage', asks: 'complete() reports token usage in OpenAI fields' },
  'usage-stream': { title: 'streamed usage', asks: 'a stream reports token usage in a chunk' },
  'stop-reason': { title: 'stop reason', asks: 'the provider stop reason maps to the OpenAI finish_reason' },
  'response-shape': { title: 'response shape', asks: 'complete() returns a chat.completion object' },
  'stream-shape': {
    title: 'stream shape',
    asks: 'every chunk is a chat.completion.chunk; tool-call deltas carry an index; one finish per choice',
  },
  'error-mapping': {
    title: 'error mapping',
    asks: 'error answers become the right typed error, with status, retryAfterMs and what streamed before',
  },
  'key-redaction': { title: 'key redaction', asks: 'no error carries the API key (message, provider message, body)' },
  'abort-mid-stream': {
    title: 'abort mid-stream',
    asks: 'an abort ends a stream with APIUserAbortError, keeps what arrived and releases the connection',
  },
  'cut-mid-stream': {
    title: 'cut mid-stream',
    asks: 'a connection cut mid-stream is an APIConnectionError after the chunks that arrived, never a silent end',
  },
  'unicode-split': {
    title: 'unicode split',
    asks: 'a stream delivered one byte at a time (multi-byte characters split) gives the same result',
  },
} as const;

export type CheckId = keyof typeof CHECKS;
export const CHECK_IDS = Object.keys(CHECKS) as CheckId[];

export type CheckStatus = 'pass' | 'fail' | 'skip';

/** One check on one case. */
export interface CheckResult {
  check: CheckId;
  /** `<title> [<fixture id>]`, with ` (stream)`/` (complete)` for a case run both ways. */
  name: string;
  status: CheckStatus;
  /** Failures: every difference found, precisely. Passes: what was verified. Skips: why. */
  message: string;
  fixture?: string;
  mode?: 'complete' | 'stream';
  expected?: unknown;
  actual?: unknown;
  durationMs: number;
}

export interface CheckSummary {
  passed: number;
  failed: number;
  skipped: number;
}

export interface ConformanceReport {
  /** `replay` against fixtures on a local fake server, `live` against a real endpoint. */
  mode: 'replay' | 'live';
  provider: string;
  /** The adapter run: a built-in provider's, a module path, or `(object)`. */
  adapter: string;
  /** Where the cases came from. */
  fixtures: string;
  cases: number;
  /** No check failed (skips allowed: see `counts.skipped` and `checks`). */
  ok: boolean;
  counts: CheckSummary;
  checks: Record<CheckId, CheckSummary>;
  results: CheckResult[];
  durationMs: number;
}

export interface ConformanceOptions {
  /**
   * The adapter: an object, or the path (or file: URL) of a module that exports one (default
   * export, `adapter`, or the one export shaped like an adapter). Default: the built-in adapter
   * of `provider`.
   */
  adapter?: ProviderAdapter | string;
  /** The llmux provider id the adapter runs as (`context.provider`). Default: the adapter's `provider`. */
  provider?: string;
  /** The cases: an array, a directory of `.json`/`.jsonl` files, one such file, or the built-in set of `provider`. */
  fixtures?: readonly ConformanceFixture[] | string;
  /** Default: the registry's for a built-in provider, else none. */
  compat?: ProviderCompat;
  providerOptions?: ProviderOptions;
  /** Longest time for one case, in ms (default 5000): a hanging adapter fails, never hangs the kit. */
  timeoutMs?: number;
  /** Replay every response in pieces of this many bytes (the unicode check always uses 1). */
  splitEvery?: number;
  /** Run only these checks (the cases are run as needed). */
  only?: readonly CheckId[];
}

export interface LiveConformanceOptions {
  adapter?: ProviderAdapter | string;
  provider: string;
  /** The provider's model id (without `provider/`). */
  model: string;
  apiKey: string | undefined;
  /** The endpoint, without a trailing slash. */
  baseURL: string;
  compat?: ProviderCompat;
  providerOptions?: ProviderOptions;
  /** Per call, default 60000. */
  timeoutMs?: number;
  /** Default: a node:http transport of its own. */
  transport?: Transport;
}

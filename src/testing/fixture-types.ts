/**
 * The conformance fixture format: one request, the HTTP exchange to replay for it, and the
 * normalized result an adapter must make of it. Plain JSON, so fixtures live in files (one case
 * per `.json` file, or one per line of a `.jsonl` file) as well as in code. See docs/conformance.md.
 */
import type { ChatRequest, FinishReason, Usage } from '../base/types.js';

/** Stands for the API key in recorded bodies and headers: keys are never stored, only where they appeared. */
export const API_KEY_PLACEHOLDER = '{{API_KEY}}';

/** The header the kit sends (through `context.headers`) so the replay server knows which case a request is. */
export const FIXTURE_HEADER = 'x-llmux-fixture';

export interface ConformanceFixture {
  /** Unique within its set; also the value of the `x-llmux-fixture` header. */
  id: string;
  /** Where the exchange comes from: `recorded: ...` (a real response) or `spec-derived: ...` (the provider's documented shape). */
  source: string;
  description?: string;
  /**
   * Which adapter method the case calls: `stream()` (true) or `complete()` (false). `'both'` runs
   * an error case (status >= 400) through each, since an error answer is the same for both.
   */
  stream: boolean | 'both';
  /** The llmux request, OpenAI-shaped. `model` may carry the `provider/` prefix; the adapter sees the part after it. */
  request: ChatRequest;
  /** What the adapter must send; checked by the replay server. */
  expectRequest?: ExpectedRequest;
  /** The answer the replay server gives. */
  response: FixtureResponse;
  /** What the adapter must make of it. */
  expect: ExpectedOutcome;
  replay?: ReplayHints;
}

export interface ExpectedRequest {
  /** Default POST. */
  method?: 'GET' | 'POST';
  /** Relative to the base URL, with its leading slash: `/chat/completions`, `/v1/messages`. */
  path: string;
  /** The header that must carry the key (`authorization`, `x-api-key`); its value must contain the key. */
  authHeader?: string;
  /** Other headers that must be sent with these exact values (names in any case), e.g. `anthropic-version`. */
  headers?: Record<string, string>;
  /** Top-level body fields that must be sent with these values (compared deeply). Unlisted fields are free. */
  body?: Record<string, unknown>;
  /** Top-level body fields that must not be sent. */
  bodyAbsent?: string[];
}

/** One server-sent event. `data` is written as is when a string, else as JSON. */
export interface FixtureEvent {
  event?: string;
  id?: string;
  data: unknown;
}

/**
 * The HTTP answer. Give the body one way: `events` (an SSE stream, written with a blank line after
 * each event), `json` (written with JSON.stringify) or `body` (raw text, byte for byte). Any of
 * them may contain `{{API_KEY}}`, replaced by the key the adapter was given.
 */
export interface FixtureResponse {
  status: number;
  /** Response headers (content-type defaults from the body kind). No credentials. */
  headers?: Record<string, string>;
  events?: FixtureEvent[];
  json?: unknown;
  body?: string;
}

export interface ExpectedOutcome {
  /** The call succeeds with this result (fields left out are not checked). */
  response?: ExpectedResponse;
  /** The call fails with this error. */
  error?: ExpectedError;
  /** For streamed cases: how the chunks must arrive. */
  chunks?: ExpectedChunks;
}

/** Fields of the first choice and the response, as a `chat.completion` (a stream is folded first). */
export interface ExpectedResponse {
  id?: string;
  model?: string;
  content?: string | null;
  reasoning_content?: string;
  finish_reason?: FinishReason;
  tool_calls?: ExpectedToolCall[];
  /** Compared field by field (nested details too); fields left out are not checked. */
  usage?: ExpectedUsage;
}

export interface ExpectedToolCall {
  id?: string;
  name: string;
  /** The parsed arguments: compared as JSON values, so spacing and key order do not matter. */
  arguments: unknown;
}

export type ExpectedUsage = Partial<Omit<Usage, 'prompt_tokens_details' | 'completion_tokens_details'>> & {
  prompt_tokens_details?: Partial<NonNullable<Usage['prompt_tokens_details']>>;
  completion_tokens_details?: Partial<NonNullable<Usage['completion_tokens_details']>>;
};

export interface ExpectedError {
  /** The error class name: `RateLimitError`, `ContextWindowExceededError`, ... */
  name: string;
  status?: number;
  /** From Retry-After / retry-after-ms. */
  retryAfterMs?: number;
  retryable?: boolean;
  code?: string;
  /** For an error after a 200: the text the stream delivered before failing. */
  partialText?: string;
}

export interface ExpectedChunks {
  /** At least this many chunks carry text: the text was streamed, not sent at the end in one piece. */
  minContentChunks?: number;
  /** At least this many chunks carry tool-call argument fragments. */
  minToolArgumentChunks?: number;
}

export interface ReplayHints {
  /** Always replay this response in pieces of this many bytes. */
  splitEvery?: number;
  /** For the abort and cut checks: events sent before the stream stalls or is cut (default: half). */
  abortAfterEvents?: number;
}

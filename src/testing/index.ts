/**
 * llmux/testing: the adapter conformance kit. Runs a provider adapter through recorded and
 * spec-derived fixtures against a local fake provider (or a live endpoint) and reports, check by
 * check, what passed and what did not; records new fixtures from a real endpoint.
 *
 * @example
 * ```ts
 * import { runConformance, formatConformanceReport } from 'llmux/testing';
 * const report = await runConformance({ adapter: './my-adapter.js', provider: 'acme', fixtures: './fixtures/acme' });
 * console.log(formatConformanceReport(report));
 * ```
 */
export { runConformance } from './conformance.js';
export { runLiveConformance } from './live-conformance.js';
export { recordFixtures, type RecordOptions, type RecordResult } from './record-fixtures.js';
export { registerConformanceTests, type RegisterOptions } from './register-conformance-tests.js';
export { formatConformanceReport, type FormatOptions } from './format-conformance-report.js';
export { startReplayServer, type ReceivedRequest, type ReplayExchange, type ReplayOptions, type ReplayServer } from './replay-server.js';
export { loadFixtures, parseFixtureFile } from './load-fixtures.js';
export { validateFixture } from './validate-fixture.js';
export { builtInFixtures, providersWithFixtures, type FixtureSet } from './built-in-fixtures.js';
export { KIT_API_KEY } from './run-case.js';
export { streamSSEChunks, type SSEChunkSource } from '../stream/stream-sse-chunks.js';
export { CHECKS, CHECK_IDS } from './conformance-types.js';
export type {
  CheckId,
  CheckResult,
  CheckStatus,
  CheckSummary,
  ConformanceOptions,
  ConformanceReport,
  LiveConformanceOptions,
} from './conformance-types.js';
export { API_KEY_PLACEHOLDER, FIXTURE_HEADER } from './fixture-types.js';
export type {
  ConformanceFixture,
  ExpectedChunks,
  ExpectedError,
  ExpectedOutcome,
  ExpectedRequest,
  ExpectedResponse,
  ExpectedToolCall,
  ExpectedUsage,
  FixtureEvent,
  FixtureResponse,
  ReplayHints,
} from './fixture-types.js';

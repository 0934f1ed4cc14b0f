/**
 * A deterministic local LLM server for tests, demos and benchmarks: OpenAI Chat Completions and
 * Anthropic Messages over real HTTP, streaming and not, with fault injection. Node built-ins only.
 *
 * @packageDocumentation
 */
export { startMockServer } from './start-mock-server.js';
export type { FaultPlanRequest, FaultSpec, MockApi, MockServer, MockServerOptions, RecordedRequest } from './mock-server-types.js';

/**
 * Runs one call against a hostile server in a child process started with a small heap, and
 * prints what it caught as one JSON line: a crash or an out-of-memory kill shows as a non-zero
 * exit without that line. Argument: JSON { baseURL, transport, provider, mode, maxResponseBytes? }.
 */
import { createClient } from '../../src/index.js';
import { createFetchTransport } from '../../src/transport/fetch-transport.js';
import { createNodeTransport } from '../../src/transport/node-transport.js';

interface ChildArgs {
  baseURL: string;
  transport: 'node' | 'fetch';
  provider: 'openai' | 'anthropic';
  mode: 'complete' | 'stream';
  maxResponseBytes?: number;
}

const args = JSON.parse(process.argv[2]!) as ChildArgs;
const client = createClient({
  env: {},
  maxRetries: 0,
  timeout: 20_000,
  transport: args.transport === 'node' ? createNodeTransport() : createFetchTransport(),
  providers: { [args.provider]: { baseURL: args.baseURL, apiKey: 'k' } },
  ...(args.maxResponseBytes === undefined ? {} : { maxResponseBytes: args.maxResponseBytes }),
});
const request = { model: `${args.provider}/m`, max_tokens: 10, messages: [{ role: 'user' as const, content: 'hi' }] };
try {
  if (args.mode === 'complete') await client.complete(request);
  else for await (const _ of client.stream(request));
  console.log(JSON.stringify({ outcome: 'returned' }));
} catch (error) {
  const e = error as { name?: string; code?: string; status?: number; partialText?: string };
  console.log(JSON.stringify({ outcome: 'caught', name: e.name, code: e.code, status: e.status, partialText: e.partialText }));
} finally {
  client.close();
}

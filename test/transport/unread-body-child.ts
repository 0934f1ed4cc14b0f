/**
 * Child of idle-timeout.test.ts: gets a response through the node transport and never reads its
 * body, then prints `got` and leaves the process to exit on its own. Argument: the URL.
 */
import { createNodeTransport } from '../../src/transport/node-transport.js';

const transport = createNodeTransport();
const response = await transport.request({
  url: process.argv[2]!,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: '{}',
  timeoutMs: 600_000,
});
console.log(`got ${response.status}`);

/**
 * Pooled connections of the node transport are not reused once a server may have closed them.
 * A server that announces its keep-alive (Node's does: `Keep-Alive: timeout=N`) is believed,
 * less a second; one that announces nothing gets the transport's own idle limit. A request sent
 * on a connection the server is closing fails with a reset the server never saw, and a client
 * without retries loses the call. A call that is slow to answer keeps its connection: the limit
 * is for idle pooled connections only.
 */
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type NodeTransportOptions, createNodeTransport } from '../../src/transport/node-transport.js';
import type { Transport } from '../../src/transport/transport-types.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  server = await startTestServer(
    async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      await sleep(Number(url.searchParams.get('delay') ?? 0));
      // A server with a 2 s keep-alive says so, as Node's own does; another says nothing.
      const headers: Record<string, string> = { 'content-type': 'text/plain', connection: 'keep-alive' };
      if (url.pathname === '/hint') headers['keep-alive'] = 'timeout=2';
      res.writeHead(200, headers).end('ok');
    },
    { record: false },
  );
});

after(async () => {
  await server.close();
});

/** Sends one POST and reads the whole answer. */
async function call(transport: Transport, path: string): Promise<string> {
  const response = await transport.request({ url: `${server.url}${path}`, method: 'POST', headers: {}, body: '{}' });
  return response.text();
}

/** The timeouts that arm a timer (0 clears one). */
const armed = (timeouts: number[]): number[] => timeouts.filter((ms) => ms > 0);

/** Runs `steps` with a node transport of `options`, closing its pool afterwards. */
async function withTransport(options: NodeTransportOptions, steps: (transport: Transport) => Promise<void>): Promise<void> {
  const transport = createNodeTransport(options);
  try {
    await steps(transport);
  } finally {
    transport.close?.();
  }
}

/**
 * One call, then a pause of `idleMs`, then a check that the client closed the idle connection
 * by itself (the server's keep-alive, 5 s by default, has not ended), and a call on a new one.
 */
async function droppedAfter(transport: Transport, path: string, idleMs: number): Promise<void> {
  assert.equal(await call(transport, path), 'ok');
  assert.equal(server.openSockets(), 1);
  await sleep(idleMs);
  assert.equal(server.openSockets(), 0, `closed by the client within ${idleMs} ms idle`);
  assert.equal(await call(transport, path), 'ok');
}

describe('a pooled connection of the node transport', () => {
  it('is reused while it is fresh, and dropped after the idle limit', () =>
    withTransport({ idleSocketTimeoutMs: 400 }, async (transport) => {
      assert.equal(await call(transport, '/plain'), 'ok');
      await sleep(100);
      assert.equal(await call(transport, '/plain'), 'ok');
      assert.equal(server.openSockets(), 1, 'reused within the limit');
      await sleep(700);
      assert.equal(server.openSockets(), 0, 'closed by the client after 400 ms idle');
      await droppedAfter(transport, '/plain', 700);
    }));

  // timeout=2 from the server: the client keeps the connection for 1 s, not the default 60 s.
  it("is dropped a second before the server's announced keep-alive ends", () =>
    withTransport({}, (transport) => droppedAfter(transport, '/hint', 1400)));

  // Node arms an agent's `timeout` on a socket it creates and refreshes it on every read and write;
  // llmux's pool arms it only while the connection waits in the pool (each exchange has its own
  // timers). Seen through the timeouts set on client sockets.
  it('runs its idle timer only in the pool, not while a request is in flight', () =>
    withTransport({ idleSocketTimeoutMs: 400 }, async (transport) => {
      const set: number[] = [];
      const original = net.Socket.prototype.setTimeout;
      net.Socket.prototype.setTimeout = function (this: net.Socket & { server?: unknown }, ms: number, ...rest: unknown[]) {
        if (this.server == null) set.push(ms);
        return (original as (...args: unknown[]) => net.Socket).call(this, ms, ...rest);
      } as typeof original;
      try {
        const first = await transport.request({ url: `${server.url}/plain`, method: 'POST', headers: {}, body: '{}' });
        assert.deepEqual(armed(set), [], 'no timer on a new connection while its request is in flight');
        assert.equal(await first.text(), 'ok');
        await sleep(20);
        assert.equal(set.at(-1), 400, 'armed when the connection went back to the pool');
        const pooled = set.length;
        const second = await transport.request({ url: `${server.url}/plain`, method: 'POST', headers: {}, body: '{}' });
        assert.deepEqual(armed(set.slice(pooled)), [], 'none while the pooled connection serves a request');
        assert.equal(set.at(-1), 0, 'cleared when it was taken from the pool');
        assert.equal(await second.text(), 'ok');
        await sleep(20);
        assert.equal(set.at(-1), 400, 'armed again in the pool');
        assert.equal(server.openSockets(), 1, 'one connection, reused');
      } finally {
        net.Socket.prototype.setTimeout = original;
      }
    }));

  it('stays open for a call that is slow to answer, past the idle limit', () =>
    withTransport({ idleSocketTimeoutMs: 200 }, async (transport) => {
      assert.equal(await call(transport, '/plain?delay=700'), 'ok');
    }));
});

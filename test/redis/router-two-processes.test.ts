import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import { type RedisServer, startRedisServer } from './redis-server.js';

const worker = fileURLToPath(new URL('./fixtures/router-worker.js', import.meta.url));

describe('two processes, one Redis: routers share rpm limits and cooldowns', () => {
  let redis: RedisServer;
  let primary: MockServer;
  let secondary: MockServer;
  before(async () => {
    // All three are awaited, so that `after` stops what did start when another part did not.
    const started = await Promise.allSettled([startRedisServer(), startMockServer(), startMockServer()] as const);
    if (started[0].status === 'fulfilled') redis = started[0].value;
    if (started[1].status === 'fulfilled') primary = started[1].value;
    if (started[2].status === 'fulfilled') secondary = started[2].value;
    for (const s of started) if (s.status === 'rejected') throw s.reason;
  });
  after(async () => {
    // Whatever started is stopped, even when another part failed to start (no redis-server).
    await Promise.all([redis?.stop(), primary?.close(), secondary?.close()]);
  });

  const run = (prefix: string, calls: number): Promise<string[]> =>
    new Promise((resolve, reject) => {
      const input = {
        redisUrl: redis.url,
        prefix,
        now: 1_800_000_000_000,
        primary: primary.openaiBaseURL,
        secondary: secondary.openaiBaseURL,
        calls,
      };
      execFile(process.execPath, [worker, JSON.stringify(input)], { timeout: 30_000 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stdout}\n${stderr}`));
        else resolve((JSON.parse(stdout.trim().split('\n').at(-1)!) as { served: string[] }).served);
      });
    });
  const hits = (server: MockServer): number => server.requests.filter((r) => r.api === 'openai').length;

  it("the primary's rpm of 5 holds across both processes: exactly 5 calls reach it", async () => {
    const prefix = `llmux:test:${randomUUID()}:`;
    const before = hits(primary);
    const [one, two] = await Promise.all([run(prefix, 8), run(prefix, 8)]);
    const all = [...one, ...two];
    assert.equal(all.filter((d) => d === 'primary').length, 5);
    assert.equal(all.filter((d) => d === 'secondary').length, 11);
    assert.equal(hits(primary) - before, 5);
  });

  it('a cooldown started by one process keeps the other process off that deployment', async () => {
    const prefix = `llmux:test:${randomUUID()}:`;
    primary.injectFaults([{ status: 401, api: 'openai' }]);
    const before = hits(primary);
    // Process one: the primary refuses the key, so it cools down and the call fails over... to
    // nothing (401 is not retried): the call fails, but the cooldown is in Redis now.
    assert.deepEqual(await run(prefix, 1), ['AuthenticationError']);
    assert.equal(hits(primary) - before, 1);
    // Process two: never sends to the primary while it cools down.
    assert.deepEqual(await run(prefix, 3), ['secondary', 'secondary', 'secondary']);
    assert.equal(hits(primary) - before, 1);
  });
});

import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { ConfigurationError } from '../../src/base/errors.js';
import { createRedisStateStore, DEFAULT_REDIS_PREFIX } from '../../src/redis/index.js';
import { stateStoreContract } from '../router/state-store-contract.js';
import { type RedisServer, startRedisServer } from './redis-server.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const worker = fileURLToPath(new URL('./fixtures/state-store-worker.js', import.meta.url));
const WORKER_TIMEOUT_MS = 20_000;

// Without a redis-server every test fails with the reason (not only a hook, not skipped).
let started: { server: RedisServer; redis: Redis } | Error = new Error('redis-server not started yet');

before(async () => {
  try {
    const server = await startRedisServer();
    started = { server, redis: new Redis(server.url) };
  } catch (error) {
    started = error instanceof Error ? error : new Error(String(error));
  }
});

after(async () => {
  if (started instanceof Error) return;
  await started.redis.quit();
  await started.server.stop();
});

function live(): { server: RedisServer; redis: Redis } {
  if (started instanceof Error) throw started;
  return started;
}

const freshPrefix = (): string => `llmux:test:${randomUUID()}:`;

// Expiries are Redis's own (real time); the injected clock picks the minute of usage counts.
stateStoreContract('redis state store', (now) => createRedisStateStore({ redis: live().redis, prefix: freshPrefix(), now }));

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  result: Promise<unknown>;
}

/** Starts a worker process; it is `ready` once connected, and runs its job when told `go`. */
function startWorker(prefix: string, now: number, job: unknown): Worker {
  const child = spawn(process.execPath, [worker, JSON.stringify({ url: live().server.url, prefix, now, job })], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout?.on('data', (data: Buffer) => {
    stdout += data.toString();
    if (stdout.startsWith('ready\n')) onReady();
  });
  child.stderr?.on('data', (data: Buffer) => (stderr += data.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), WORKER_TIMEOUT_MS);
  const result = new Promise<unknown>((resolve, reject) => {
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last !== 'ready') resolve(JSON.parse(last));
      else
        reject(
          new Error(
            `worker exited with ${code ?? signal} (a store that does not close keeps it alive until killed):\n${stdout}\n${stderr}`,
          ),
        );
    });
  });
  // A worker that dies before `ready` must fail the test, not leave it waiting.
  const readyOrDead = Promise.race([ready, result.then(() => undefined)]);
  return { child, ready: readyOrDead, result };
}

async function runWorkers(prefix: string, now: number, jobs: unknown[]): Promise<unknown[]> {
  const workers = jobs.map((job) => startWorker(prefix, now, job));
  await Promise.all(workers.map((w) => w.ready));
  for (const w of workers) w.child.stdin?.end('go\n');
  return Promise.all(workers.map((w) => w.result));
}

describe('redis state store across processes', () => {
  it('grants exactly rpm slots to processes racing for the same deployment', async () => {
    const prefix = freshPrefix();
    const now = Date.now();
    const results = await runWorkers(prefix, now, [
      { kind: 'acquire', deployment: 'gpt', rpm: 25, attempts: 20 },
      { kind: 'acquire', deployment: 'gpt', rpm: 25, attempts: 20 },
      { kind: 'acquire', deployment: 'gpt', rpm: 25, attempts: 20 },
    ]);
    const granted = results.map((r) => (r as { granted: number }).granted);
    assert.equal(
      granted.reduce((a, b) => a + b, 0),
      25,
      `granted per process: ${granted.join(', ')}`,
    );
    const store = createRedisStateStore({ redis: live().redis, prefix, now: () => now });
    assert.deepEqual(await store.usage(['gpt']), [{ requests: 25, tokens: 0 }]);
  });

  it("shows one process's cooldown to another until it ends", async () => {
    const prefix = freshPrefix();
    const now = Date.now();
    // Long enough to outlast starting two worker processes on a loaded machine; its end is
    // checked on a second, short cooldown started by another process.
    await runWorkers(prefix, now, [
      { kind: 'cooldown', deployment: 'claude', ms: 60_000 },
      { kind: 'cooldown', deployment: 'gemini', ms: 300 },
    ]);
    const started = Date.now();
    const [seen] = await runWorkers(prefix, now, [{ kind: 'coolingDown', deployments: ['claude', 'gpt'] }]);
    assert.deepEqual(seen, { coolingDown: ['claude'] });
    const store = createRedisStateStore({ redis: live().redis, prefix });
    assert.deepEqual(await store.coolingDown(['claude']), new Set(['claude']));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 400 - (Date.now() - started))));
    assert.deepEqual(await store.coolingDown(['claude', 'gemini']), new Set(['claude']));
  });
});

describe('redis state store', () => {
  it('keeps routers with different prefixes apart', async () => {
    const a = createRedisStateStore({ redis: live().redis, prefix: freshPrefix() });
    const b = createRedisStateStore({ redis: live().redis, prefix: freshPrefix() });
    assert.equal(await a.tryAcquireRequest('d', 1), true);
    assert.equal(await a.tryAcquireRequest('d', 1), false);
    assert.equal(await b.tryAcquireRequest('d', 1), true);
    await a.startCooldown('d', 60_000);
    assert.deepEqual(await b.coolingDown(['d']), new Set());
    await a.addInFlight('d', 4);
    assert.deepEqual(await b.inFlight(['d']), [0]);
    await a.recordFailure('d', 60_000);
    await a.recordFailure('d', 60_000);
    assert.equal(await b.recordFailure('d', 60_000), 1);
    await a.addTokens('d', 10);
    assert.deepEqual(await b.usage(['d']), [{ requests: 1, tokens: 0 }]);
  });

  it("uses the default prefix, and gives every key an expiry so a crashed process's state fades", async () => {
    const deployment = `default-prefix-${randomUUID()}`;
    const store = createRedisStateStore({ redis: live().redis });
    await store.recordFailure(deployment, 30_000);
    await store.addInFlight(deployment, 1);
    await store.tryAcquireRequest(deployment, 5);
    await store.addTokens(deployment, 42);
    const keys = await live().redis.keys(`${DEFAULT_REDIS_PREFIX}*${deployment}*`);
    assert.equal(DEFAULT_REDIS_PREFIX, 'llmux:router:');
    assert.equal(keys.length, 4, keys.join(', '));
    const ttls = Object.fromEntries(
      await Promise.all(keys.map(async (k) => [k.slice(DEFAULT_REDIS_PREFIX.length).split(':')[0], await live().redis.pttl(k)] as const)),
    );
    assert.ok(ttls['failures']! > 0 && ttls['failures']! <= 30_000, `failures ${ttls['failures']}`);
    assert.ok(ttls['inflight']! > 0 && ttls['inflight']! <= 600_000, `inflight ${ttls['inflight']}`);
    assert.ok(ttls['rpm']! > 0 && ttls['rpm']! <= 120_000, `rpm ${ttls['rpm']}`);
    assert.ok(ttls['tpm']! > 0 && ttls['tpm']! <= 120_000, `tpm ${ttls['tpm']}`);
    await store.startCooldown(deployment, 5_000);
    const cooldownTtl = await live().redis.pttl(`${DEFAULT_REDIS_PREFIX}cooldown:${deployment}`);
    assert.ok(cooldownTtl > 0 && cooldownTtl <= 5_000, `cooldown ${cooldownTtl}`);
    assert.equal(await live().redis.exists(`${DEFAULT_REDIS_PREFIX}failures:${deployment}`), 0);
    await live().redis.del(...(await live().redis.keys(`${DEFAULT_REDIS_PREFIX}*${deployment}*`)));
  });

  it('reloads its scripts when the server forgot them (SCRIPT FLUSH)', async () => {
    const store = createRedisStateStore({ redis: live().redis, prefix: freshPrefix() });
    assert.equal(await store.tryAcquireRequest('d', 2), true);
    await live().redis.script('FLUSH');
    assert.equal(await store.tryAcquireRequest('d', 2), true);
    assert.equal(await store.tryAcquireRequest('d', 2), false);
  });

  it('treats an infinite rpm as no limit (counted, always granted)', async () => {
    const store = createRedisStateStore({ redis: live().redis, prefix: freshPrefix() });
    assert.equal(await store.tryAcquireRequest('d', Infinity), true);
    assert.equal(await store.tryAcquireRequest('d', Infinity), true);
    assert.deepEqual(await store.usage(['d']), [{ requests: 2, tokens: 0 }]);
  });

  it('connects by url and closes its own client; never closes a client it was given', async () => {
    const own = createRedisStateStore({ url: live().server.url, prefix: freshPrefix() });
    assert.equal(await own.addInFlight('d', 1), 1);
    await own.close?.();
    await own.close?.();
    const given = createRedisStateStore({ redis: live().redis, prefix: freshPrefix() });
    await given.close?.();
    assert.equal(live().redis.status, 'ready');
    assert.equal(await live().redis.ping(), 'PONG');
  });

  it('needs exactly one of redis and url', () => {
    assert.throws(() => createRedisStateStore({}), ConfigurationError);
    assert.throws(() => createRedisStateStore({ redis: live().redis, url: live().server.url }), ConfigurationError);
  });

  it('says to install ioredis when connecting by url without it', async () => {
    // The built package, copied where no node_modules can provide ioredis.
    const work = mkdtempSync(join(tmpdir(), 'llmux-no-ioredis-'));
    try {
      cpSync(join(root, 'dist'), join(work, 'dist'), { recursive: true });
      // The package's own manifest: its `imports` map is how the built files reach the shared core.
      cpSync(join(root, 'package.json'), join(work, 'package.json'));
      const code = `
        try { import.meta.resolve('ioredis'); console.log(JSON.stringify({ name: 'setup', message: 'ioredis is resolvable from ' + process.cwd() })); process.exit(0); } catch {}
        const { createRedisStateStore } = await import('./dist/redis/index.js');
        const store = createRedisStateStore({ url: 'redis://127.0.0.1:1' });
        try { await store.usage(['d']); console.log('no error'); }
        catch (error) { console.log(JSON.stringify({ name: error.name, message: error.message })); }
        await store.close();`;
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ['--input-type=module', '-e', code], { cwd: work, timeout: WORKER_TIMEOUT_MS }, (error, out, err) =>
          error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
        ),
      );
      const reported = JSON.parse(stdout.trim()) as { name: string; message: string };
      assert.equal(reported.name, 'ConfigurationError');
      assert.match(reported.message, /npm install ioredis/);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

/**
 * The Router against a failing state store: a real redis-server killed, paused (SIGSTOP) and
 * restarted by the test, garbage under llmux's keys, hostile Retry-After values, and two routers
 * sharing one prefix. Every call must be served by the provider within the test's bound, and no
 * store error may surface as an unhandled rejection.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { StateStoreError } from '../../src/base/errors.js';
import { createRedisStateStore } from '../../src/redis/index.js';
import { type Deployment, Router, type RouterOptions } from '../../src/router/index.js';
import type { RouterStateStore } from '../../src/router/state-store.js';
import { type RedisServer, startRedisServer } from '../redis/redis-server.js';
import { type LocalProvider, startLocalProvider } from './router-provider.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const STORE_TIMEOUT_MS = 150;
// Each test's own bound: a store that hangs a call (for minutes today) fails the test here.
const BOUND = { timeout: 15_000 };

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => void unhandled.push(reason));

/** A few event-loop turns and a little time for late rejections (ioredis reconnects every ~50 ms). */
const settle = (): Promise<unknown> => sleep(400);

const freshPrefix = (): string => `llmux:hostile:${randomUUID()}:`;

describe('Router with a failing Redis', () => {
  let a: LocalProvider;
  let b: LocalProvider;
  let redis: RedisServer;
  // False when redis-server could not start (each test then fails with the reason, from beforeEach).
  let started = false;
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  const storeErrors: unknown[] = [];

  const router = (store: RouterStateStore, extra: Partial<RouterOptions> = {}): Router => {
    const r = new Router({
      deployments: [
        { id: 'a', group: 'smart', model: 'openai/gpt-4o', baseURL: a.baseURL, apiKey: 'key-a-123456', priority: 0 },
        { id: 'b', group: 'smart', model: 'openai/gpt-4o', baseURL: b.baseURL, apiKey: 'key-b-123456', priority: 1 },
      ],
      store,
      client: { env: {} },
      onStoreError: (error) => void storeErrors.push(error),
      ...extra,
    });
    cleanup.push(() => r.close());
    return r;
  };
  const urlStore = (prefix = freshPrefix()): RouterStateStore =>
    createRedisStateStore({ url: redis.url, prefix, commandTimeoutMs: STORE_TIMEOUT_MS });
  const givenClient = (options: { maxRetriesPerRequest?: number } = {}): Redis => {
    const client = new Redis(redis.url, options);
    client.on('error', () => undefined);
    cleanup.push(() => client.disconnect());
    return client;
  };

  before(async () => {
    [a, b] = await Promise.all([startLocalProvider(), startLocalProvider()]);
  });
  after(async () => {
    await Promise.all([a.close(), b.close()]);
  });
  beforeEach(async () => {
    a.reply = () => ({ kind: 'ok', text: 'from a' });
    b.reply = () => ({ kind: 'ok', text: 'from b' });
    storeErrors.length = 0;
    unhandled.length = 0;
    redis = await startRedisServer();
    started = true;
  });
  afterEach(async () => {
    // Continued first: a client quitting a paused server would wait for it.
    if (started) redis.resume();
    for (const step of cleanup.splice(0).reverse()) await step();
    if (started) await redis.stop();
    started = false;
  });

  it('Redis down before the call: complete and stream are served, failures reported, not per call', BOUND, async () => {
    await redis.kill();
    const r = router(urlStore());
    for (let i = 0; i < 3; i++) {
      const response = await r.complete({ model: 'smart', messages });
      assert.equal(response.choices[0]!.message.content, 'from a');
    }
    const stream = r.stream({ model: 'smart', messages });
    assert.equal((await stream.finalResponse()).choices[0]!.message.content, 'from a');
    await settle();
    assert.deepEqual(
      r.ledger.entries().map((e) => e.outcome),
      ['success', 'success', 'success', 'success'],
    );
    assert.ok(storeErrors.length >= 1, 'the failing store is reported');
    assert.ok(storeErrors.length <= 2, `reported ${storeErrors.length} times for 4 calls`);
    assert.ok(
      storeErrors.every((e) => e instanceof StateStoreError),
      String(storeErrors),
    );
    assert.deepEqual(unhandled, []);
  });

  it('Redis hangs (SIGSTOP) during calls: its own client and a given client both fail open', BOUND, async () => {
    const own = urlStore();
    const given = createRedisStateStore({ redis: givenClient(), prefix: freshPrefix(), commandTimeoutMs: STORE_TIMEOUT_MS });
    for (const store of [own, given]) {
      const r = router(store);
      // Connected and answering first, so the hang starts mid-session.
      assert.equal((await r.complete({ model: 'smart', messages })).choices[0]!.message.content, 'from a');
      redis.pause();
      assert.equal((await r.complete({ model: 'smart', messages })).choices[0]!.message.content, 'from a');
      assert.equal((await r.stream({ model: 'smart', messages }).finalResponse()).choices[0]!.message.content, 'from a');
      // The store itself answers within its timeout too (with an error), never hangs.
      await assert.rejects(store.usage(['a']), StateStoreError);
      redis.resume();
      await settle();
      assert.deepEqual(await store.coolingDown(['a']), new Set());
    }
    assert.ok(storeErrors.length >= 1);
    assert.ok(
      storeErrors.every((e) => e instanceof StateStoreError),
      String(storeErrors),
    );
    assert.deepEqual(unhandled, []);
  });

  it('Redis busy (DEBUG SLEEP) answers late: calls are served meanwhile, late answers are harmless', BOUND, async () => {
    const store = urlStore();
    const r = router(store);
    assert.equal((await r.complete({ model: 'smart', messages })).choices[0]!.message.content, 'from a');
    const blocker = givenClient();
    const asleep = blocker.call('DEBUG', 'SLEEP', '2');
    await sleep(50);
    assert.equal((await r.complete({ model: 'smart', messages })).choices[0]!.message.content, 'from a');
    assert.equal((await r.stream({ model: 'smart', messages }).finalResponse()).choices[0]!.message.content, 'from a');
    await assert.rejects(store.inFlight(['a']), StateStoreError);
    assert.equal(await asleep, 'OK');
    await settle();
    // Awake again: the store answers, and nothing was left counted in flight.
    assert.deepEqual(await store.inFlight(['a', 'b']), [0, 0]);
    assert.equal(storeErrors.length, 1);
    assert.deepEqual(unhandled, []);
  });

  it('Redis killed mid-stream and restarted: the stream completes, is recorded, nothing rejects unhandled', BOUND, async () => {
    // maxRetriesPerRequest 0 makes a lost connection fail queued commands at once (the default 20
    // does the same minutes later).
    const store = createRedisStateStore({
      redis: givenClient({ maxRetriesPerRequest: 0 }),
      prefix: freshPrefix(),
      commandTimeoutMs: STORE_TIMEOUT_MS,
    });
    const r = router(store);
    let open: () => void = () => undefined;
    a.reply = () => ({ kind: 'stream', text: 'streamed from a', gate: new Promise<void>((resolve) => (open = resolve)) });
    const stream = r.stream({ model: 'smart', messages });
    const iterator = stream[Symbol.asyncIterator]();
    assert.equal((await iterator.next()).done, false);
    await redis.kill();
    open();
    while (!(await iterator.next()).done);
    const response = await stream.finalResponse();
    assert.equal(response.choices[0]!.message.content, 'streamed from a');
    await settle();
    await redis.restart();
    a.reply = () => ({ kind: 'ok', text: 'from a' });
    assert.equal((await r.complete({ model: 'smart', messages })).choices[0]!.message.content, 'from a');
    await settle();
    assert.deepEqual(
      r.ledger.entries().map((e) => [e.deployment, e.outcome]),
      [
        ['a', 'success'],
        ['a', 'success'],
      ],
    );
    assert.deepEqual(unhandled, []);
  });

  it('a paid answer is returned even when Redis dies while the provider answers', BOUND, async () => {
    const store = createRedisStateStore({
      redis: givenClient({ maxRetriesPerRequest: 0 }),
      prefix: freshPrefix(),
      commandTimeoutMs: STORE_TIMEOUT_MS,
    });
    const r = router(store);
    a.reply = () => ({ kind: 'ok', text: 'paid for', gate: redis.kill() });
    const response = await r.complete({ model: 'smart', messages });
    assert.equal(response.choices[0]!.message.content, 'paid for');
    assert.equal(r.ledger.forCall(response.routing!.callId).at(-1)?.outcome, 'success');
    await settle();
    assert.deepEqual(unhandled, []);
  });

  it('garbage and wrong types under llmux keys are treated as absent, not as errors', BOUND, async () => {
    const prefix = freshPrefix();
    const now = 1_800_000_000_000;
    const minute = Math.floor(now / 60_000);
    const raw = givenClient();
    await raw.set(`${prefix}cooldown:a`, 'garbage');
    await raw.hset(`${prefix}inflight:a`, 'x', '1');
    await raw.set(`${prefix}inflight:b`, 'NaN');
    await raw.set(`${prefix}failures:a`, 'not a number');
    await raw.set(`${prefix}rpm:a:${minute}`, 'garbage');
    await raw.hset(`${prefix}tpm:a:${minute}`, 'x', '1');
    await raw.lpush(`${prefix}rpm:b:${minute}`, 'x');
    const store = createRedisStateStore({ redis: raw, prefix, now: () => now, commandTimeoutMs: 2_000 });
    const r = router(store, {
      strategy: 'least-busy',
      deployments: [
        { id: 'a', group: 'smart', model: 'openai/gpt-4o', baseURL: a.baseURL, apiKey: 'key-a-123456', priority: 0, rpm: 2, tpm: 1_000 },
        { id: 'b', group: 'smart', model: 'openai/gpt-4o', baseURL: b.baseURL, apiKey: 'key-b-123456', priority: 1, rpm: 5 },
      ],
    });
    const served: string[] = [];
    for (let i = 0; i < 3; i++) served.push((await r.complete({ model: 'smart', messages })).routing!.servedBy.deployment);
    // a's garbage cooldown is no cooldown; its garbage rpm count restarts at 0, so its rpm of 2 holds.
    assert.deepEqual(served, ['a', 'a', 'b']);
    assert.deepEqual(await store.inFlight(['a', 'b']), [0, 0]);
    assert.deepEqual(await store.usage(['a', 'b']), [
      { requests: 2, tokens: 10 },
      { requests: 1, tokens: 5 },
    ]);
    assert.equal(await store.recordFailure('a', 60_000), 1);
    assert.deepEqual(storeErrors, []);
    assert.deepEqual(unhandled, []);
  });

  it('caps a cooldown from a huge Retry-After and ignores a non-finite one', BOUND, async () => {
    const prefix = freshPrefix();
    const raw = givenClient();
    const r = router(createRedisStateStore({ redis: raw, prefix, commandTimeoutMs: 2_000 }));
    for (const retryAfter of ['999999999', '1e300']) {
      await raw.del(`${prefix}cooldown:a`);
      a.reply = () => ({ kind: 'error', status: 429, headers: { 'retry-after': retryAfter }, body: '{"error":{"message":"slow down"}}' });
      const response = await r.complete({ model: 'smart', messages });
      assert.equal(response.routing?.servedBy.deployment, 'b', `Retry-After: ${retryAfter}`);
      const ttl = await raw.pttl(`${prefix}cooldown:a`);
      assert.ok(ttl > 0 && ttl <= 300_000, `Retry-After: ${retryAfter} cools a down for ${ttl} ms`);
    }
    assert.deepEqual(storeErrors, []);
  });

  it('two routers with different base URLs or keys under one prefix do not share limits', BOUND, async () => {
    const prefix = freshPrefix();
    const one = router(urlStore(prefix), {
      deployments: [{ group: 'smart', model: 'openai/gpt-4o', baseURL: a.baseURL, apiKey: 'key-one-123456', rpm: 1 }],
    });
    const two = router(urlStore(prefix), {
      deployments: [{ group: 'smart', model: 'openai/gpt-4o', baseURL: b.baseURL, apiKey: 'key-one-123456', rpm: 1 }],
    });
    const three = router(urlStore(prefix), {
      deployments: [{ group: 'smart', model: 'openai/gpt-4o', baseURL: a.baseURL, apiKey: 'key-two-123456', rpm: 1 }],
    });
    const same = router(urlStore(prefix), {
      deployments: [{ group: 'smart', model: 'openai/gpt-4o', baseURL: a.baseURL, apiKey: 'key-one-123456', rpm: 1 }],
    });
    const ids = new Set<string>();
    for (const r of [one, two, three]) {
      const response = await r.complete({ model: 'smart', messages });
      ids.add(response.routing!.servedBy.deployment);
    }
    assert.equal(ids.size, 3, [...ids].join(', '));
    for (const id of ids) assert.doesNotMatch(id, /key-/, 'a deployment id never holds the key');
    // The same deployment in another router is the same deployment: its rpm is shared.
    await assert.rejects(same.complete({ model: 'smart', messages }), { name: 'RateLimitError' });
    assert.deepEqual(storeErrors, []);
  });
});

describe('Router cooldown cap (in memory)', () => {
  it('a Retry-After beyond maxCooldownMs cools a deployment only for maxCooldownMs', BOUND, async () => {
    const [a, b] = await Promise.all([startLocalProvider(), startLocalProvider()]);
    const deployments: Deployment[] = [
      { id: 'a', group: 'smart', model: 'openai/gpt-4o', baseURL: a.baseURL, apiKey: 'key-a-123456', priority: 0 },
      { id: 'b', group: 'smart', model: 'openai/gpt-4o', baseURL: b.baseURL, apiKey: 'key-b-123456', priority: 1 },
    ];
    const r = new Router({ deployments, client: { env: {} }, cooldownMs: 50, maxCooldownMs: 200 });
    try {
      a.reply = (n) =>
        n === 0 ? { kind: 'error', status: 429, headers: { 'retry-after': '999999999' }, body: '{}' } : { kind: 'ok', text: 'from a' };
      assert.equal((await r.complete({ model: 'smart', messages })).routing?.servedBy.deployment, 'b');
      assert.equal((await r.complete({ model: 'smart', messages })).routing?.servedBy.deployment, 'b');
      await sleep(300);
      assert.equal((await r.complete({ model: 'smart', messages })).routing?.servedBy.deployment, 'a');
    } finally {
      await r.close();
      await Promise.all([a.close(), b.close()]);
    }
  });
});

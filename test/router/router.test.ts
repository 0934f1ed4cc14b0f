import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  APIConnectionError,
  APIUserAbortError,
  ConfigurationError,
  InternalServerError,
  type LlmuxCallbacks,
  RateLimitError,
} from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import { type Deployment, Router, type RouterOptions, createMemoryStateStore } from '../../src/router/index.js';
import { seededRandom } from '../helpers/seeded-random.js';

const messages = [{ role: 'user' as const, content: 'Route me somewhere' }];

function recorder(): { callbacks: LlmuxCallbacks; names: string[]; events: { name: string; event: Record<string, unknown> }[] } {
  const events: { name: string; event: Record<string, unknown> }[] = [];
  const on = (name: string) => (event: object) => void events.push({ name, event: event as Record<string, unknown> });
  return {
    events,
    get names() {
      return events.map((e) => e.name);
    },
    callbacks: {
      onRequest: on('request'),
      onResponse: on('response'),
      onError: on('error'),
      onRetry: on('retry'),
      onFallback: on('fallback'),
      onStreamEnd: on('streamEnd'),
    },
  };
}

describe('Router', () => {
  let a: MockServer;
  let b: MockServer;
  const routers: Router[] = [];
  const deployment = (server: MockServer, group: string, extra: Partial<Deployment> = {}): Deployment => ({
    group,
    model: 'openai/gpt-4o',
    baseURL: server.openaiBaseURL,
    apiKey: 'k',
    ...extra,
  });
  const router = (options: RouterOptions): Router => {
    const r = new Router({ random: seededRandom(42), client: { env: {} }, ...options });
    routers.push(r);
    return r;
  };
  const hits = (server: MockServer): number => server.requests.filter((r) => r.api === 'openai').length;

  before(async () => {
    [a, b] = await Promise.all([startMockServer(), startMockServer()]);
  });
  afterEach(async () => {
    await Promise.all(routers.splice(0).map((r) => r.close()));
  });
  after(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it('serves a group from one of its deployments and says which, with the attempt in the ledger', async () => {
    const r = router({ deployments: [deployment(a, 'smart', { id: 'a' }), deployment(b, 'smart', { id: 'b' })] });
    const response = await r.complete({ model: 'smart', messages });
    assert.match(response.choices[0]!.message.content ?? '', /Route me somewhere/);
    const routing = response.routing!;
    assert.ok(['a', 'b'].includes(routing.servedBy.deployment));
    assert.equal(routing.group, 'smart');
    assert.equal(routing.attempts, 1);
    const entries = r.ledger.forCall(routing.callId);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.outcome, 'success');
    assert.ok((entries[0]!.cost?.total ?? 0) > 0);
    assert.equal(routing.totalCost, entries[0]!.cost!.total);
  });

  it('a deployment with api "responses" is called through the Responses API', async () => {
    const r = router({ deployments: [deployment(a, 'reasoner', { id: 'r', api: 'responses' })] });
    const response = await r.complete({ model: 'reasoner', messages });
    assert.match(response.choices[0]!.message.content ?? '', /Route me somewhere/);
    assert.equal(a.requests.at(-1)!.path, '/v1/responses');
  });

  it('retries a failed attempt on another deployment of the group at once', async () => {
    const seen = recorder();
    const r = router({
      deployments: [deployment(a, 'smart', { id: 'a', priority: 0 }), deployment(b, 'smart', { id: 'b', priority: 1 })],
      callbacks: seen.callbacks,
    });
    a.injectFaults([{ status: 500, api: 'openai' }]);
    const response = await r.complete({ model: 'smart', messages });
    assert.equal(response.routing?.servedBy.deployment, 'b');
    assert.equal(response.routing?.attempts, 2);
    assert.deepEqual(seen.names, ['request', 'error', 'retry', 'request', 'response']);
    assert.equal(seen.events[1]!.event['deployment'], 'a');
    assert.ok(seen.events[1]!.event['error'] instanceof InternalServerError);
    assert.equal(seen.events[2]!.event['delayMs'], 0);
    assert.equal(seen.events[3]!.event['deployment'], 'b');
    assert.deepEqual(
      r.ledger.forCall(response.routing!.callId).map((e) => [e.deployment, e.outcome, e.error?.status]),
      [
        ['a', 'error', 500],
        ['b', 'success', undefined],
      ],
    );
  });

  it('waits for Retry-After before trying the same deployment again', async () => {
    const seen = recorder();
    const r = router({ deployments: [deployment(a, 'solo', { id: 'only' })], callbacks: seen.callbacks });
    a.injectFaults([{ status: 429, retryAfterMs: 40, api: 'openai' }]);
    const response = await r.complete({ model: 'solo', messages });
    assert.equal(response.routing?.attempts, 2);
    const retry = seen.events.find((e) => e.name === 'retry')!.event;
    assert.equal(retry['delayMs'], 40);
  });

  it('falls back to other groups when a group fails, reporting the fallback', async () => {
    const seen = recorder();
    const r = router({
      deployments: [deployment(a, 'smart', { id: 'a' }), deployment(b, 'backup', { id: 'b' })],
      fallbacks: { smart: ['backup'] },
      numRetries: 1,
      callbacks: seen.callbacks,
    });
    a.injectFaults([{ status: 503, api: 'openai', times: 2 }]);
    const response = await r.complete({ model: 'smart', messages });
    assert.deepEqual(response.routing?.servedBy, { group: 'backup', deployment: 'b', model: 'openai/gpt-4o' });
    assert.equal(response.routing?.group, 'smart');
    const fallback = seen.events.find((e) => e.name === 'fallback')!.event;
    assert.deepEqual([fallback['fromGroup'], fallback['toGroup'], fallback['reason']], ['smart', 'backup', 'error']);
    assert.deepEqual(
      r.ledger.forCall(response.routing!.callId).map((e) => e.outcome),
      ['error', 'error', 'success'],
    );
  });

  it('a context window error goes to contextWindowFallbacks without retrying', async () => {
    const r = router({
      deployments: [deployment(a, 'short', { id: 'a' }), deployment(b, 'long', { id: 'b' })],
      contextWindowFallbacks: { short: ['long'] },
    });
    a.injectFaults([
      {
        status: 400,
        body: JSON.stringify({
          error: {
            message: "This model's maximum context length is 8192 tokens",
            type: 'invalid_request_error',
            code: 'context_length_exceeded',
          },
        }),
        contentType: 'application/json',
        api: 'openai',
      },
    ]);
    const before = hits(a);
    const seen = recorder();
    const response = await r.complete({ model: 'short', messages }, { callbacks: seen.callbacks });
    assert.equal(response.routing?.servedBy.group, 'long');
    assert.equal(hits(a) - before, 1, 'not retried on the short group');
    assert.equal(seen.events.find((e) => e.name === 'fallback')!.event['reason'], 'context_window');
  });

  it('cools a deployment down after allowedFails failures and brings it back after cooldownMs', async () => {
    // The store's clock, moved by the test: the cooldown ends when the clock says so, not after a sleep.
    let clock = Date.now();
    const r = router({
      deployments: [deployment(a, 'smart', { id: 'a', priority: 0 }), deployment(b, 'smart', { id: 'b', priority: 1 })],
      allowedFails: 2,
      cooldownMs: 250,
      store: createMemoryStateStore({ now: () => clock }),
    });
    a.injectFaults([{ status: 500, api: 'openai', times: 2 }]);
    for (let i = 0; i < 2; i++) assert.equal((await r.complete({ model: 'smart', messages })).routing?.servedBy.deployment, 'b');
    const before = hits(a);
    assert.equal((await r.complete({ model: 'smart', messages })).routing?.servedBy.deployment, 'b');
    assert.equal(hits(a), before, 'a cooling deployment gets no request');
    clock += 249;
    assert.equal((await r.complete({ model: 'smart', messages })).routing?.servedBy.deployment, 'b', 'still cooling 1 ms before its end');
    clock += 1;
    assert.equal((await r.complete({ model: 'smart', messages })).routing?.servedBy.deployment, 'a');
  });

  it('an authentication failure takes the deployment out at once', async () => {
    const r = router({
      deployments: [deployment(a, 'smart', { id: 'a', priority: 0 }), deployment(b, 'smart', { id: 'b', priority: 1 })],
      cooldownMs: 10_000,
    });
    a.injectFaults([{ status: 401, api: 'openai' }]);
    await assert.rejects(r.complete({ model: 'smart', messages }), (error: unknown) => (error as { status?: number }).status === 401);
    const before = hits(a);
    assert.equal((await r.complete({ model: 'smart', messages })).routing?.servedBy.deployment, 'b');
    assert.equal(hits(a), before);
  });

  it('keeps each deployment within its rpm', async () => {
    const r = router({
      deployments: [deployment(a, 'smart', { id: 'a', rpm: 2, priority: 0 }), deployment(b, 'smart', { id: 'b', priority: 1 })],
    });
    const served = [];
    for (let i = 0; i < 4; i++) served.push((await r.complete({ model: 'smart', messages })).routing?.servedBy.deployment);
    assert.deepEqual(served, ['a', 'a', 'b', 'b']);
  });

  it('a group of one keeps its deployment within its tpm, and counts its requests for rpm', async () => {
    const r = router({ deployments: [deployment(a, 'solo', { id: 'only', tpm: 1 })] });
    const first = await r.complete({ model: 'solo', messages });
    assert.ok((first.usage?.total_tokens ?? 0) > 1);
    await assert.rejects(
      r.complete({ model: 'solo', messages }),
      (error: unknown) => error instanceof RateLimitError && error.code === 'no_deployments_available',
    );
    const counted = router({ deployments: [deployment(a, 'counted', { id: 'only', rpm: 3 })] });
    for (let i = 0; i < 3; i++) await counted.complete({ model: 'counted', messages });
    await assert.rejects(counted.complete({ model: 'counted', messages }), RateLimitError);
  });

  it('says so when no deployment is available', async () => {
    const r = router({ deployments: [deployment(a, 'smart', { id: 'a', rpm: 1 })] });
    await r.complete({ model: 'smart', messages });
    await assert.rejects(
      r.complete({ model: 'smart', messages }),
      (error: unknown) =>
        error instanceof RateLimitError && error.code === 'no_deployments_available' && /group "smart"/.test(error.message),
    );
  });

  it('streams: falls back before the first chunk, never after it', async () => {
    const r = router({ deployments: [deployment(a, 'smart', { id: 'a', priority: 0 }), deployment(b, 'smart', { id: 'b', priority: 1 })] });
    a.injectFaults([{ status: 500, api: 'openai' }]);
    const stream = r.stream({ model: 'smart', messages });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.match(text, /Route me somewhere/);
    const final = await stream.finalResponse();
    assert.equal(final.routing?.servedBy.deployment, 'b');
    assert.ok(final.cost && final.cost.total > 0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(
      r.ledger.forCall(final.routing!.callId).map((e) => [e.deployment, e.outcome]),
      [
        ['a', 'error'],
        ['b', 'success'],
      ],
    );

    // Cut after two chunks: the caller gets a typed error with what arrived; b is not tried.
    a.injectFaults([{ resetAfterChunks: 2, api: 'openai' }]);
    const before = hits(b);
    const cut = r.stream({ model: 'smart', messages });
    await assert.rejects(
      (async () => {
        for await (const _ of cut);
      })(),
      (error: unknown) => error instanceof APIConnectionError && (error.partialResponse?.choices[0]?.message.content ?? '').length > 0,
    );
    assert.equal(hits(b), before);
  });

  it('a streamed answer through the Router folds once, to what the serving stream folded: provider, text and cost as complete() gives them', async () => {
    const r = router({ deployments: [deployment(a, 'solo', { id: 'only' })] });
    const whole = await r.complete({ model: 'solo', messages });
    const streamed = await r.stream({ model: 'solo', messages }).finalResponse();
    assert.equal(typeof whole.provider, 'string');
    assert.equal(streamed.provider, whole.provider);
    assert.equal(streamed.choices[0]?.message.content, whole.choices[0]?.message.content);
    assert.equal(streamed.choices[0]?.finish_reason, 'stop');
    assert.ok(streamed.cost && streamed.cost.total > 0);
    assert.equal(streamed.routing?.servedBy.deployment, 'only');
  });

  it('stream callbacks on the router or on the call see every chunk: onChunk, and the count and time to first token at the end', async () => {
    for (const where of ['router', 'call'] as const) {
      const indexes: number[] = [];
      let end: Record<string, unknown> | undefined;
      const callbacks: LlmuxCallbacks = {
        onChunk: (event) => void indexes.push(event.index),
        onStreamEnd: (event) => void (end = event as unknown as Record<string, unknown>),
      };
      const r = router({ deployments: [deployment(a, 'solo', { id: 'only' })], ...(where === 'router' ? { callbacks } : {}) });
      let chunks = 0;
      for await (const _ of r.stream({ model: 'solo', messages }, where === 'call' ? { callbacks } : {})) chunks++;
      assert.ok(chunks > 1);
      assert.deepEqual(
        indexes,
        Array.from({ length: chunks }, (_, i) => i),
        where,
      );
      assert.equal(end?.['chunks'], chunks, where);
      assert.equal(typeof end?.['timeToFirstTokenMs'], 'number', where);
    }
  });

  it('a stream cut after its usage arrived is in the ledger with that usage and its cost', async () => {
    const r = router({ deployments: [deployment(a, 'solo', { id: 'only' })] });
    let chunks = 0;
    for await (const _ of r.stream({ model: 'solo', messages })) chunks++;
    a.injectFaults([{ resetAfterChunks: chunks, api: 'openai' }]);
    const stream = r.stream({ model: 'solo', messages });
    await assert.rejects(stream.finalResponse(), APIConnectionError);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const last = r.ledger.entries().at(-1)!;
    assert.equal(last.outcome, 'error');
    assert.equal(last.stream, true);
    assert.ok(last.usage && last.usage.completion_tokens > 0, 'the usage that arrived is kept');
    assert.ok(last.cost && last.cost.total > 0, 'and priced');
  });

  it('retries follow the per-class retry policy', async () => {
    const r = router({
      deployments: [
        deployment(a, 'smart', { id: 'a', priority: 0 }),
        deployment(b, 'smart', { id: 'b', priority: 1 }),
        deployment(b, 'backup', { id: 'c' }),
      ],
      retryPolicy: { InternalServerError: 0, BadRequestError: 1 },
      fallbacks: { smart: ['backup'] },
    });
    // A 500 is not retried in the group: straight to the fallback group.
    a.injectFaults([{ status: 500, api: 'openai' }]);
    const first = await r.complete({ model: 'smart', messages });
    assert.deepEqual(
      r.ledger.forCall(first.routing!.callId).map((e) => e.deployment),
      ['a', 'c'],
    );
    // A 400, never retried by default, is retried once here, on the next deployment.
    a.injectFaults([{ status: 400, api: 'openai' }]);
    const second = await r.complete({ model: 'smart', messages });
    assert.deepEqual(
      r.ledger.forCall(second.routing!.callId).map((e) => [e.deployment, e.outcome]),
      [
        ['a', 'error'],
        ['b', 'success'],
      ],
    );
  });

  it('cost-based routing sends a group to its cheapest deployment by the model table', async () => {
    const r = router({
      strategy: 'cost-based',
      deployments: [
        deployment(a, 'any', { id: 'dear', model: 'openai/gpt-4o' }),
        deployment(b, 'any', { id: 'cheap', model: 'openai/gpt-4o-mini' }),
      ],
    });
    for (let i = 0; i < 3; i++) assert.equal((await r.complete({ model: 'any', messages })).routing?.servedBy.deployment, 'cheap');
  });

  it('least-busy spreads concurrent calls over the deployments', async () => {
    const r = router({ strategy: 'least-busy', deployments: [deployment(a, 'busy', { id: 'a' }), deployment(b, 'busy', { id: 'b' })] });
    a.injectFaults([{ delayFirstByteMs: 60, api: 'openai', times: 3 }]);
    b.injectFaults([{ delayFirstByteMs: 60, api: 'openai', times: 3 }]);
    const served = await Promise.all(
      Array.from({ length: 4 }, async (_, i) => {
        await new Promise((resolve) => setTimeout(resolve, i * 5));
        return (await r.complete({ model: 'busy', messages })).routing?.servedBy.deployment;
      }),
    );
    assert.deepEqual([...served].sort(), ['a', 'a', 'b', 'b']);
  });

  it('an aborted call is not retried', async () => {
    const r = router({ deployments: [deployment(a, 'smart', { id: 'a' }), deployment(b, 'smart', { id: 'b' })] });
    a.injectFaults([{ delayFirstByteMs: 2_000, api: 'openai' }]);
    b.injectFaults([{ delayFirstByteMs: 2_000, api: 'openai' }]);
    const controller = new AbortController();
    const before = hits(a) + hits(b);
    const call = r.complete({ model: 'smart', messages }, { signal: controller.signal });
    // Abort once the first attempt has reached a server, however slow the machine is.
    for (let i = 0; i < 400 && hits(a) + hits(b) === before; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await assert.rejects(call, APIUserAbortError);
    assert.equal(hits(a) + hits(b) - before, 1);
  });

  it('two routers in one process each see exactly their own events', async () => {
    const one = recorder();
    const two = recorder();
    const r1 = router({ deployments: [deployment(a, 'x')], callbacks: one.callbacks });
    const r2 = router({ deployments: [deployment(b, 'x')], callbacks: two.callbacks });
    await Promise.all([
      ...Array.from({ length: 6 }, () => r1.complete({ model: 'x', messages })),
      ...Array.from({ length: 4 }, () => r2.complete({ model: 'x', messages })),
    ]);
    const ids = (r: ReturnType<typeof recorder>): Set<unknown> => new Set(r.events.map((e) => e.event['callId']));
    assert.equal(ids(one).size, 6);
    assert.equal(ids(two).size, 4);
    assert.equal(one.names.filter((n) => n === 'response').length, 6);
    assert.equal(two.names.filter((n) => n === 'response').length, 4);
    for (const id of ids(one)) assert.ok(!ids(two).has(id));
  });

  it('rejects bad configuration and unknown groups with what would be right', async () => {
    assert.throws(() => new Router({ deployments: [] }), /needs deployments/);
    assert.throws(() => new Router({ deployments: [{ group: 'x' } as Deployment] }), /deployments\[0\] needs a "group".*and a "model"/);
    assert.throws(
      () => new Router({ deployments: [deployment(a, 'x')], strategy: 'fastest' as never }),
      /Unknown routing strategy "fastest"; expected one of simple-shuffle/,
    );
    assert.throws(
      () => new Router({ deployments: [deployment(a, 'x')], fallbacks: { x: ['y'] } }),
      /fallbacks names the group "y", which has no deployments\. Groups: x/,
    );
    assert.throws(() => new Router({ deployments: [deployment(a, 'x', { rpm: -1 })] }), /deployments\[0\]\.rpm must be a number >= 0/);
    const r = router({ deployments: [deployment(a, 'x'), deployment(a, 'y')] });
    await assert.rejects(
      r.complete({ model: 'z', messages }),
      (error: unknown) => error instanceof ConfigurationError && /No deployments for model group "z"\. Groups: x, y/.test(error.message),
    );
  });
});

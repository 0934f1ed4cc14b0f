// The one attempt engine that complete(), a stream's first phase and the Router share: what it
// returns, what it throws, when it waits and whom it tells. Also the two client-visible
// consequences: a custom adapter's plain Error reaches complete()'s caller typed, and the
// deprecated onRetry option is told by the same retry as callbacks.onRetry.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APITimeoutError, APIUserAbortError, LlmuxError, RateLimitError } from '../../src/base/errors.js';
import { RETRY, STOP, SWITCH, runAttempts } from '../../src/util/run-attempts.js';
import { retryWhileRetryable } from '../../src/util/retry-policy.js';
import { SIGNAL_TIMEOUT_CODE } from '../../src/util/caller-abort-error.js';
import { createClient } from '../../src/index.js';
import type { ProviderAdapter } from '../../src/providers/adapter-types.js';
import type { ChatCompletionChunk } from '../../src/base/types.js';

const limited = (retryAfterMs?: number): RateLimitError => new RateLimitError('slow down', { status: 429, retryable: true, retryAfterMs });

describe('runAttempts', () => {
  it('returns the first success, numbering attempts from 0 and retrying after Retry-After', async () => {
    const seen: number[] = [];
    const retries: [string, number, number][] = [];
    const result = await runAttempts({
      run: async (attempt) => {
        seen.push(attempt);
        if (attempt < 2) throw limited(attempt);
        return 'ok';
      },
      onFailure: (error, attempt) => retryWhileRetryable(error, attempt, 5),
      onRetry: (error, attempt, delayMs) => retries.push([error.name, attempt, delayMs]),
    });
    assert.equal(result, 'ok');
    assert.deepEqual(seen, [0, 1, 2]);
    assert.deepEqual(retries, [
      ['RateLimitError', 1, 0],
      ['RateLimitError', 2, 1],
    ]);
  });

  it('throws the last error, typed, once onFailure stops; a plain Error is wrapped with its cause', async () => {
    const cause = new TypeError('adapter bug');
    const failures: LlmuxError[] = [];
    const thrown = await runAttempts({
      run: () => Promise.reject(cause),
      onFailure: (error) => {
        failures.push(error);
        return STOP;
      },
      context: { provider: 'p', model: 'm' },
      messagePrefix: 'Stream failed: ',
    }).catch((error: unknown) => error);
    assert.ok(thrown instanceof LlmuxError);
    assert.equal(thrown.message, 'Stream failed: adapter bug');
    assert.equal(thrown.cause, cause);
    assert.equal(thrown.provider, 'p');
    assert.equal(thrown.model, 'm');
    assert.deepEqual(failures, [thrown]);
  });

  it(
    'a switch starts the next attempt at once, without onRetry; a retry with delayMs 0 is announced but not waited for',
    { timeout: 10_000 },
    async () => {
      const retries: number[] = [];
      const decisions = [SWITCH, { next: 'retry', delayMs: 0 } as const, STOP];
      let runs = 0;
      const thrown = await runAttempts({
        run: async () => {
          runs++;
          // Waiting for this Retry-After would outlast the test's own 10 s guard.
          throw limited(30_000);
        },
        onFailure: () => decisions.shift()!,
        onRetry: (_error, attempt, delayMs) => retries.push(attempt, delayMs),
      }).catch((error: unknown) => error);
      assert.ok(thrown instanceof RateLimitError);
      assert.equal(runs, 3);
      assert.deepEqual(retries, [2, 0]);
    },
  );

  it('a retry with a backoff number waits for that retry’s backoff when there is no Retry-After', async () => {
    const delays: number[] = [];
    await runAttempts({
      run: async (attempt) => {
        if (attempt === 0) throw limited();
        return 'ok';
      },
      onFailure: () => ({ next: 'retry', backoff: 0 }),
      onRetry: (_error, _attempt, delayMs) => delays.push(delayMs),
    });
    assert.equal(delays.length, 1);
    assert.ok(delays[0]! >= 375 && delays[0]! <= 500, `backoff 0 is 375..500 ms; got ${delays[0]}`);
  });

  it('an abort during the wait ends the call with the caller’s abort error, and no further attempt', async () => {
    const controller = new AbortController();
    let runs = 0;
    const thrown = await runAttempts({
      signal: controller.signal,
      context: { model: 'g' },
      run: async () => {
        runs++;
        throw limited(10_000);
      },
      onFailure: () => RETRY,
      onRetry: () => setTimeout(() => controller.abort(), 5),
    }).catch((error: unknown) => error);
    assert.ok(thrown instanceof APIUserAbortError, String(thrown));
    assert.equal(thrown.model, 'g');
    assert.equal(runs, 1);
  });

  it('a failure after the signal fired is the caller’s abort (a TimeoutError reason: APITimeoutError), told to onAbort, not onFailure', async () => {
    const controller = new AbortController();
    const aborted: LlmuxError[] = [];
    let asked = 0;
    const thrown = await runAttempts({
      signal: controller.signal,
      run: async () => {
        controller.abort(new DOMException('late', 'TimeoutError'));
        throw limited(0);
      },
      onFailure: () => {
        asked++;
        return RETRY;
      },
      onAbort: (error) => aborted.push(error),
    }).catch((error: unknown) => error);
    assert.ok(thrown instanceof APITimeoutError);
    assert.equal(thrown.code, SIGNAL_TIMEOUT_CODE);
    assert.deepEqual(aborted, [thrown]);
    assert.equal(asked, 0);
  });

  it('an abort error an attempt threw itself is kept, not replaced', async () => {
    const controller = new AbortController();
    controller.abort();
    const own = new APIUserAbortError('the transport saw it first');
    const thrown = await runAttempts({ signal: controller.signal, run: () => Promise.reject(own), onFailure: () => RETRY }).catch(
      (error: unknown) => error,
    );
    assert.equal(thrown, own);
  });
});

/** An adapter whose first call fails as scripted, then answers. */
function scriptedAdapter(first: unknown): ProviderAdapter & { calls: number } {
  const adapter = {
    specificationVersion: 'v1',
    provider: 'scripted',
    calls: 0,
    async complete() {
      adapter.calls++;
      if (adapter.calls === 1) throw first;
      return {
        id: 'r',
        object: 'chat.completion',
        created: 0,
        model: 'x',
        choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop', logprobs: null }],
      };
    },
    async *stream(): AsyncGenerator<ChatCompletionChunk> {
      adapter.calls++;
      if (adapter.calls === 1) throw first;
      yield {
        id: 'c',
        object: 'chat.completion.chunk',
        created: 0,
        model: 'x',
        choices: [{ index: 0, delta: { content: 'ok' }, finish_reason: 'stop' }],
      };
    },
  };
  return adapter as unknown as ProviderAdapter & { calls: number };
}

describe('the client over runAttempts', () => {
  const messages = [{ role: 'user' as const, content: 'hi' }];

  it('complete(): a plain Error from a custom adapter reaches the caller as an LlmuxError with it as cause', async () => {
    const bug = new TypeError('cannot read x of undefined');
    const client = createClient({
      env: {},
      providers: { custom: { adapter: scriptedAdapter(bug), apiKey: 'k', baseURL: 'http://127.0.0.1:9' } },
    });
    const thrown = await client.complete({ model: 'custom/m', messages }).catch((error: unknown) => error);
    assert.ok(thrown instanceof LlmuxError, String(thrown));
    assert.equal(thrown.cause, bug);
    assert.equal(thrown.message, bug.message);
    client.close();
  });

  for (const kind of ['complete', 'stream'] as const) {
    it(`${kind}(): one retry tells callbacks.onRetry, then the deprecated onRetry option, once each`, async () => {
      const told: string[] = [];
      const client = createClient({
        env: {},
        providers: { custom: { adapter: scriptedAdapter(limited(1)), apiKey: 'k', baseURL: 'http://127.0.0.1:9' } },
        callbacks: { onRetry: (event) => void told.push(`callback attempt=${event.attempt} delay=${event.delayMs}`) },
        onRetry: (info) => void told.push(`option attempt=${info.attempt} delay=${info.delayMs} model=${info.model}`),
      });
      const request = { model: 'custom/m', messages };
      const response = kind === 'complete' ? await client.complete(request) : await client.stream(request).finalResponse();
      assert.equal(response.choices[0]?.message.content, 'ok');
      assert.deepEqual(told, ['callback attempt=0 delay=1', 'option attempt=1 delay=1 model=custom/m']);
      client.close();
    });
  }
});

/**
 * The Router against a state store of any kind that hangs or throws (not only Redis): every call
 * is served within the store bound, the failure is reported once, typed, and never rejects a call.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isLlmuxError, type LlmuxError } from '../../src/base/errors.js';
import { Router } from '../../src/router/index.js';
import type { RouterStateStore } from '../../src/router/state-store.js';
import { type LocalProvider, startLocalProvider } from './router-provider.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const BOUND = { timeout: 10_000 };

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => void unhandled.push(reason));

/** A store whose every operation does `behave()`: hang forever, throw, or reject. */
function brokenStore(behave: () => Promise<never>): RouterStateStore {
  const op = (): Promise<never> => behave();
  return {
    recordFailure: op,
    startCooldown: op,
    coolingDown: op,
    addInFlight: op,
    inFlight: op,
    tryAcquireRequest: op,
    countRequest: op,
    addTokens: op,
    usage: op,
    close: op,
  };
}

describe('Router with a broken custom store', () => {
  let a: LocalProvider;
  let b: LocalProvider;
  before(async () => {
    [a, b] = await Promise.all([startLocalProvider(), startLocalProvider()]);
  });
  after(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  const cases: [string, () => Promise<never>][] = [
    ['hangs', () => new Promise<never>(() => undefined)],
    [
      'throws synchronously',
      () => {
        throw new TypeError('store exploded');
      },
    ],
    ['rejects with a string', () => Promise.reject('not even an Error')],
  ];
  for (const [name, behave] of cases) {
    it(`a store that ${name}: complete, stream, a failover and close all finish, reported once`, BOUND, async () => {
      const reported: LlmuxError[] = [];
      const r = new Router({
        deployments: [
          { id: 'a', group: 'smart', model: 'openai/gpt-4o', baseURL: a.baseURL, apiKey: 'key-a-123456', priority: 0, rpm: 2 },
          { id: 'b', group: 'smart', model: 'openai/gpt-4o', baseURL: b.baseURL, apiKey: 'key-b-123456', priority: 1 },
        ],
        store: brokenStore(behave),
        storeTimeoutMs: 100,
        client: { env: {} },
        onStoreError: (error) => {
          reported.push(error);
          throw new Error('a reporting hook that throws changes nothing');
        },
      });
      a.reply = () => ({ kind: 'ok', text: 'from a' });
      b.reply = () => ({ kind: 'ok', text: 'from b' });
      assert.equal((await r.complete({ model: 'smart', messages })).choices[0]!.message.content, 'from a');
      assert.equal((await r.stream({ model: 'smart', messages }).finalResponse()).choices[0]!.message.content, 'from a');
      // a's rpm of 2 is kept in this process's memory meanwhile.
      assert.equal((await r.complete({ model: 'smart', messages })).choices[0]!.message.content, 'from b');
      a.reply = () => ({ kind: 'error', status: 500, body: '{"error":{"message":"down"}}' });
      assert.equal((await r.complete({ model: 'smart', messages })).routing?.servedBy.deployment, 'b');
      await r.close();
      assert.equal(reported.length, 1, reported.map((e) => e.message).join('\n'));
      assert.ok(isLlmuxError(reported[0]) && reported[0].name === 'StateStoreError', String(reported[0]));
      assert.deepEqual(unhandled, []);
    });
  }
});

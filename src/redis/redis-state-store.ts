/**
 * A router state store in Redis, so that every process of a deployment group shares one view of
 * cooldowns, failures, in-flight requests and per-minute usage. Each decision is one Lua script
 * (atomic on the server); each batch read is one MGET. Every key expires, so state left by a
 * crashed process fades on its own.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ConfigurationError, StateStoreError } from '../base/errors.js';
import type { MinuteUsage, RouterStateStore } from '../router/state-store.js';
import { settleWithin } from '../util/settle-within.js';

/** Options of {@link createRedisStateStore}: give `redis` or `url`. */
export interface RedisStateStoreOptions {
  /**
   * An ioredis client you own: the store never closes it, and never listens to its `'error'`
   * events (listen yourself, or ioredis prints each reconnect failure). With ioredis's default
   * `maxRetriesPerRequest` of 20, commands queue for a long while when Redis is lost; the store
   * still gives up on each after `commandTimeoutMs`.
   */
  redis?: Redis;
  /** A Redis URL (`redis://host:6379/0`): the store creates its own client and `close()` quits it. */
  url?: string;
  /** Put before every key, so routers with different prefixes never share state. Default `'llmux:router:'`. */
  prefix?: string;
  /** The clock that picks the current minute of usage counts (tests inject one). Default `Date.now`. */
  now?: () => number;
  /**
   * Longest wait for Redis, per operation, in ms: a Redis that is down or hangs makes the
   * operation reject with a `StateStoreError` after this (the Router then uses its own state).
   * Default 500.
   */
  commandTimeoutMs?: number;
}

/** How long an operation waits for Redis by default, in ms. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 500;

/** The default key prefix. */
export const DEFAULT_REDIS_PREFIX = 'llmux:router:';

// A minute's counters outlive their minute a little, for clocks that disagree by a few seconds.
const MINUTE_TTL_MS = 120_000;
// Refreshed on every change; a process that died mid-request stops counting after this.
const IN_FLIGHT_TTL_MS = 600_000;

interface Script {
  source: string;
  sha: string;
}

/**
 * Reads KEYS-style counter `key` as a whole number; anything else under it (another type, text,
 * a negative or huge number) is garbage someone else wrote: it is deleted and counts as 0.
 */
const COUNT = `local function count(key)
  local v = redis.pcall('GET', key)
  if type(v) == 'string' and #v <= 15 and string.match(v, '^%d+$') then return tonumber(v) end
  if v ~= false then redis.call('DEL', key) end
  return 0
end
`;

const script = (body: string): Script => {
  const source = COUNT + body;
  return { source, sha: createHash('sha1').update(source).digest('hex') };
};

/** KEYS[1] += ARGV[1]; the key gets a lifetime of ARGV[2] ms when it has none (first use). */
const INCREMENT = script(`count(KEYS[1])
local n = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return n`);

/** Takes a slot of KEYS[1] when fewer than ARGV[1] were taken (1), else takes nothing (0). */
const TRY_ACQUIRE = script(`local n = count(KEYS[1])
if n >= tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`);

/** Cooldown KEYS[1] for ARGV[1] ms and forget the failures KEYS[2]. */
const START_COOLDOWN = script(`redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
redis.call('DEL', KEYS[2])
return 1`);

/** KEYS[1] += ARGV[1], never below 0 (deleted at 0); the lifetime ARGV[2] restarts on each change. */
const ADD_IN_FLIGHT = script(`count(KEYS[1])
local n = redis.call('INCRBY', KEYS[1], ARGV[1])
if n <= 0 then redis.call('DEL', KEYS[1]) return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return n`);

/** The value llmux writes under a cooldown key; anything else there is no cooldown. */
const COOLING = '1';
// Far beyond any cooldown or window the router asks for; keeps PX within what Redis accepts.
const MAX_EXPIRY_MS = 30 * 24 * 3_600_000;
// Counters stay well inside Lua's exact integers (and the 15 digits COUNT accepts).
const MAX_TOKENS_PER_CALL = 1e12;

/** Redis wants whole, positive milliseconds for an expiry; NaN becomes 1 ms, Infinity the cap. */
const wholeMs = (ms: number): number => (Number.isNaN(ms) ? 1 : Math.min(MAX_EXPIRY_MS, Math.max(1, Math.ceil(ms))));

/** A counter read with MGET: a whole number, else (absent, another type, garbage) 0. */
const counter = (value: string | null | undefined): number => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : 0);

/** Runs `s` by its SHA, sending the source only when this server has not seen it yet. */
async function run(redis: Redis, s: Script, keys: string[], args: (string | number)[]): Promise<number> {
  let result: unknown;
  try {
    result = await redis.evalsha(s.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    result = await redis.eval(s.source, keys.length, ...keys, ...args);
  }
  const n = Number(result);
  if (!Number.isFinite(n)) throw new StateStoreError(`Redis answered a llmux script with ${JSON.stringify(String(result).slice(0, 100))}`);
  return n;
}

/** Loads ioredis (an optional peer dependency) and connects to `url`, failing commands fast while disconnected. */
async function connect(url: string, commandTimeoutMs: number): Promise<Redis> {
  let RedisClient: typeof Redis;
  try {
    RedisClient = (await import('ioredis')).Redis;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes("'ioredis'")) {
      throw new ConfigurationError('llmux/redis needs the ioredis package to connect by url: npm install ioredis', { cause: error });
    }
    throw error;
  }
  // One retry per command (not 20): while Redis is away, commands fail instead of queueing.
  const client = new RedisClient(url, { maxRetriesPerRequest: 1, connectTimeout: Math.max(1_000, commandTimeoutMs) });
  // Connection errors reach the caller through the commands that failed; unheard, ioredis would
  // print each reconnect failure.
  client.on('error', () => undefined);
  return client;
}

/** Any failure of a store operation, as the one typed error callers can rely on. */
function storeError(error: unknown): StateStoreError | ConfigurationError {
  if (error instanceof StateStoreError || error instanceof ConfigurationError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StateStoreError(`Redis state store: ${message.slice(0, 500)}`, { cause: error });
}

/**
 * Creates a {@link RouterStateStore} in Redis, shared by every router (in any process) that uses
 * the same server and prefix.
 *
 * Semantics match the in-memory store: failure windows are fixed (they start at the first
 * failure), a new cooldown replaces a running one and clears the failure count, in-flight counts
 * never go below 0, token counts are rounded to whole tokens. Minutes come from this process's
 * clock, so processes should keep their clocks in sync (NTP is plenty).
 *
 * Redis is treated as untrusted and fallible: every operation settles within `commandTimeoutMs`
 * (rejecting with a `StateStoreError` when Redis is down, hangs or errs), and a value under one
 * of the store's keys that llmux did not write (text, another type, a negative number) counts as
 * absent; the scripts replace it on the next write.
 *
 * @example
 * ```ts
 * import { createRedisStateStore } from 'llmux/redis';
 * const state = createRedisStateStore({ url: process.env.REDIS_URL });
 * // ... give `state` to the router; on shutdown:
 * await state.close?.();
 * ```
 *
 * @throws ConfigurationError when neither or both of `redis` and `url` are given. With `url`, the
 * first operation rejects with a ConfigurationError when ioredis is not installed.
 */
export function createRedisStateStore(options: RedisStateStoreOptions): RouterStateStore {
  const { redis, url } = options;
  if ((redis === undefined) === (url === undefined)) {
    throw new ConfigurationError('createRedisStateStore: give either `redis` (an ioredis client) or `url`, exactly one of them');
  }
  const timeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new ConfigurationError(`createRedisStateStore: commandTimeoutMs must be a positive number of ms; got ${String(timeoutMs)}`);
  }
  const prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  const now = options.now ?? Date.now;
  const client: Promise<Redis> = redis !== undefined ? Promise.resolve(redis) : connect(url as string, timeoutMs);
  // Reported by the first operation that needs the client, not as an unhandled rejection.
  client.catch(() => undefined);

  /**
   * Runs one operation within the timeout. A command still queued in ioredis when the timer
   * fires settles later on its own (its rejection is handled here, never left unhandled).
   */
  function bounded<T>(what: string, operation: (redis: Redis) => Promise<T>): Promise<T> {
    return settleWithin(
      client.then(operation),
      timeoutMs,
      () => new StateStoreError(`Redis did not answer ${what} within ${timeoutMs} ms`),
      storeError,
    );
  }

  const failuresKey = (deployment: string): string => `${prefix}failures:${deployment}`;
  const cooldownKey = (deployment: string): string => `${prefix}cooldown:${deployment}`;
  const inFlightKey = (deployment: string): string => `${prefix}inflight:${deployment}`;
  // The minute comes last and has no colon, so no deployment name can produce another's key.
  const requestsKey = (deployment: string, minute: number): string => `${prefix}rpm:${deployment}:${minute}`;
  const tokensKey = (deployment: string, minute: number): string => `${prefix}tpm:${deployment}:${minute}`;
  const minute = (): number => Math.floor(now() / 60_000);

  function mget(what: string, keys: string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return bounded(what, (r) => r.mget(...keys));
  }

  let closing: Promise<void> | undefined;
  async function closeOwnClient(): Promise<void> {
    if (redis !== undefined) return;
    const own = await client.catch(() => undefined);
    if (own === undefined) return;
    // QUIT waits for an answer a hanging Redis never sends; a client not ready is simply dropped.
    if (own.status === 'ready') await bounded('QUIT', (r) => r.quit()).catch(() => undefined);
    own.disconnect();
  }

  function countRequest(deployment: string): Promise<void> {
    return bounded('a request count', async (r) => {
      await run(r, INCREMENT, [requestsKey(deployment, minute())], [1, MINUTE_TTL_MS]);
    });
  }

  return {
    recordFailure(deployment, windowMs) {
      return bounded('a failure count', (r) => run(r, INCREMENT, [failuresKey(deployment)], [1, wholeMs(windowMs)]));
    },

    startCooldown(deployment, ms) {
      return bounded('a cooldown', async (r) => {
        await run(r, START_COOLDOWN, [cooldownKey(deployment), failuresKey(deployment)], [wholeMs(ms)]);
      });
    },

    async coolingDown(deployments) {
      const values = await mget('a cooldown read', deployments.map(cooldownKey));
      return new Set(deployments.filter((_, i) => values[i] === COOLING));
    },

    addInFlight(deployment, delta) {
      const by = Number.isFinite(delta) ? Math.trunc(delta) : 0;
      return bounded('an in-flight count', (r) => run(r, ADD_IN_FLIGHT, [inFlightKey(deployment)], [by, IN_FLIGHT_TTL_MS]));
    },

    async inFlight(deployments) {
      const values = await mget('an in-flight read', deployments.map(inFlightKey));
      return deployments.map((_, i) => counter(values[i]));
    },

    tryAcquireRequest(deployment, rpm) {
      // Lua cannot read "Infinity"; an unlimited deployment only needs counting.
      if (rpm === Infinity) return countRequest(deployment).then(() => true);
      const limit = Number.isFinite(rpm) ? Math.max(0, Math.floor(rpm)) : 0;
      return bounded(
        'a request slot',
        async (r) => (await run(r, TRY_ACQUIRE, [requestsKey(deployment, minute())], [limit, MINUTE_TTL_MS])) === 1,
      );
    },

    countRequest,

    async addTokens(deployment, tokens) {
      if (!Number.isFinite(tokens) || tokens <= 0) return;
      const whole = Math.min(MAX_TOKENS_PER_CALL, Math.round(tokens));
      if (whole === 0) return;
      await bounded('a token count', (r) => run(r, INCREMENT, [tokensKey(deployment, minute())], [whole, MINUTE_TTL_MS]));
    },

    async usage(deployments): Promise<MinuteUsage[]> {
      const m = minute();
      const values = await mget(
        'a usage read',
        deployments.flatMap((d) => [requestsKey(d, m), tokensKey(d, m)]),
      );
      return deployments.map((_, i) => ({ requests: counter(values[2 * i]), tokens: counter(values[2 * i + 1]) }));
    },

    close() {
      closing ??= closeOwnClient();
      return closing;
    },
  };
}

/**
 * A router state store in Redis, so that every process of a deployment group shares one view of
 * cooldowns, failures, in-flight requests and per-minute usage. Each decision is one Lua script
 * (atomic on the server); each batch read is one MGET. Every key expires, so state left by a
 * crashed process fades on its own.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ConfigurationError } from '../errors.js';
import type { MinuteUsage, RouterStateStore } from '../router/state-store.js';

/** Options of {@link createRedisStateStore}: give `redis` or `url`. */
export interface RedisStateStoreOptions {
  /** An ioredis client you own: the store never closes it. */
  redis?: Redis;
  /** A Redis URL (`redis://host:6379/0`): the store creates its own client and `close()` quits it. */
  url?: string;
  /** Put before every key, so routers with different prefixes never share state. Default `'llmux:router:'`. */
  prefix?: string;
  /** The clock that picks the current minute of usage counts (tests inject one). Default `Date.now`. */
  now?: () => number;
}

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

const script = (source: string): Script => ({ source, sha: createHash('sha1').update(source).digest('hex') });

/** KEYS[1] += ARGV[1]; the key gets a lifetime of ARGV[2] ms when it has none (first use). */
const INCREMENT = script(`local n = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return n`);

/** Takes a slot of KEYS[1] when fewer than ARGV[1] were taken (1), else takes nothing (0). */
const TRY_ACQUIRE = script(`local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`);

/** Cooldown KEYS[1] for ARGV[1] ms and forget the failures KEYS[2]. */
const START_COOLDOWN = script(`redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
redis.call('DEL', KEYS[2])
return 1`);

/** KEYS[1] += ARGV[1], never below 0 (deleted at 0); the lifetime ARGV[2] restarts on each change. */
const ADD_IN_FLIGHT = script(`local n = redis.call('INCRBY', KEYS[1], ARGV[1])
if n <= 0 then redis.call('DEL', KEYS[1]) return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return n`);

/** Redis wants whole, positive milliseconds for an expiry. */
const wholeMs = (ms: number): number => Math.max(1, Math.ceil(ms));

/** Runs `s` by its SHA, sending the source only when this server has not seen it yet. */
async function run(redis: Redis, s: Script, keys: string[], args: (string | number)[]): Promise<number> {
  try {
    return Number(await redis.evalsha(s.sha, keys.length, ...keys, ...args));
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return Number(await redis.eval(s.source, keys.length, ...keys, ...args));
  }
}

/** Loads ioredis (an optional peer dependency) and connects to `url`. */
async function connect(url: string): Promise<Redis> {
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
  return new RedisClient(url);
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
  const prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  const now = options.now ?? Date.now;
  const client: Promise<Redis> = redis !== undefined ? Promise.resolve(redis) : connect(url as string);
  // Reported by the first operation that needs the client, not as an unhandled rejection.
  client.catch(() => undefined);

  const failuresKey = (deployment: string): string => `${prefix}failures:${deployment}`;
  const cooldownKey = (deployment: string): string => `${prefix}cooldown:${deployment}`;
  const inFlightKey = (deployment: string): string => `${prefix}inflight:${deployment}`;
  // The minute comes last and has no colon, so no deployment name can produce another's key.
  const requestsKey = (deployment: string, minute: number): string => `${prefix}rpm:${deployment}:${minute}`;
  const tokensKey = (deployment: string, minute: number): string => `${prefix}tpm:${deployment}:${minute}`;
  const minute = (): number => Math.floor(now() / 60_000);

  async function mget(keys: string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    return (await client).mget(...keys);
  }

  let closing: Promise<void> | undefined;
  async function closeOwnClient(): Promise<void> {
    if (redis !== undefined) return;
    const own = await client.catch(() => undefined);
    if (own === undefined) return;
    // QUIT waits for a connection that may never come; a client not ready is simply dropped.
    if (own.status === 'ready') await own.quit();
    else own.disconnect();
  }

  async function countRequest(deployment: string): Promise<void> {
    await run(await client, INCREMENT, [requestsKey(deployment, minute())], [1, MINUTE_TTL_MS]);
  }

  return {
    async recordFailure(deployment, windowMs) {
      return run(await client, INCREMENT, [failuresKey(deployment)], [1, wholeMs(windowMs)]);
    },

    async startCooldown(deployment, ms) {
      await run(await client, START_COOLDOWN, [cooldownKey(deployment), failuresKey(deployment)], [wholeMs(ms)]);
    },

    async coolingDown(deployments) {
      const values = await mget(deployments.map(cooldownKey));
      return new Set(deployments.filter((_, i) => values[i] !== null && values[i] !== undefined));
    },

    async addInFlight(deployment, delta) {
      return run(await client, ADD_IN_FLIGHT, [inFlightKey(deployment)], [Math.trunc(delta), IN_FLIGHT_TTL_MS]);
    },

    async inFlight(deployments) {
      const values = await mget(deployments.map(inFlightKey));
      return deployments.map((_, i) => Number(values[i] ?? 0));
    },

    async tryAcquireRequest(deployment, rpm) {
      // Lua cannot read "Infinity"; an unlimited deployment only needs counting.
      if (rpm === Infinity) {
        await countRequest(deployment);
        return true;
      }
      return (await run(await client, TRY_ACQUIRE, [requestsKey(deployment, minute())], [rpm, MINUTE_TTL_MS])) === 1;
    },

    countRequest,

    async addTokens(deployment, tokens) {
      const whole = Math.round(tokens);
      if (whole === 0) return;
      await run(await client, INCREMENT, [tokensKey(deployment, minute())], [whole, MINUTE_TTL_MS]);
    },

    async usage(deployments): Promise<MinuteUsage[]> {
      const m = minute();
      const values = await mget(deployments.flatMap((d) => [requestsKey(d, m), tokensKey(d, m)]));
      return deployments.map((_, i) => ({ requests: Number(values[2 * i] ?? 0), tokens: Number(values[2 * i + 1] ?? 0) }));
    },

    close() {
      closing ??= closeOwnClient();
      return closing;
    },
  };
}

/**
 * `llmux/redis`: router state shared across processes through Redis. Needs the optional peer
 * dependency ioredis (`npm install ioredis`).
 *
 * @example
 * ```ts
 * import { createRedisStateStore } from 'llmux/redis';
 * const state = createRedisStateStore({ url: 'redis://localhost:6379', prefix: 'my-app:router:' });
 * ```
 */
export { createRedisStateStore, DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_REDIS_PREFIX } from './redis-state-store.js';
export type { RedisStateStoreOptions } from './redis-state-store.js';
export type { MinuteUsage, RouterStateStore } from '../router/state-store.js';

/**
 * Adds a request's `extra_body` fields to the wire body an adapter built. They win over llmux's
 * own fields, except the three that decide what the call is: a replaced `model`, `stream` or
 * `messages` would make llmux read an answer to a different request (`stream: false` on a
 * stream is a truncation, retried and paid for each time), so they are refused before sending.
 */
import { ConfigurationError } from '../base/errors.js';

const RESERVED = ['model', 'stream', 'messages'];

interface Where {
  provider: string;
  model: string;
}

/** Copies `extra` onto `body`; throws `ConfigurationError` for a field llmux must set itself. */
export function mergeExtraBody(body: Record<string, unknown>, extra: unknown, where: Where): void {
  checkExtraBody(extra, where);
  if (extra !== undefined && extra !== null) Object.assign(body, extra);
}

/** Throws `ConfigurationError` unless `extra` is absent or an object without a reserved field. */
export function checkExtraBody(extra: unknown, where: Where): void {
  if (extra === undefined || extra === null) return;
  if (typeof extra !== 'object' || Array.isArray(extra))
    throw new ConfigurationError('extra_body must be an object of fields to add to the request body', where);
  for (const key of RESERVED) {
    if (Object.hasOwn(extra, key)) {
      const instead = key === 'stream' ? 'call stream() or complete()' : `set the request's own \`${key}\``;
      throw new ConfigurationError(`extra_body.${key} cannot replace the ${key} llmux sends: ${instead}`, where);
    }
  }
}

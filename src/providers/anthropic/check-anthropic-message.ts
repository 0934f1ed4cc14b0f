/**
 * Says what makes a parsed Anthropic `message` unusable before it is mapped: the content blocks
 * and usage that `mapAnthropicResponse` reads must have their wire types, so that garbage from a
 * server is a typed error instead of a TypeError. Pure.
 */
import { isObject, kind } from '../../stream/check-chunk.js';

/**
 * Why `body` cannot be mapped as a message (a phrase such as "a message whose content[0] is
 * null, not an object"), or undefined when it can. Never throws.
 */
export function describeInvalidAnthropicMessage(body: unknown): string | undefined {
  if (!isObject(body)) return `${kind(body)} where a message object belongs`;
  const content = body['content'];
  if (!Array.isArray(content)) return `a message whose content is ${content === undefined ? 'missing' : kind(content)}, not an array`;
  for (let i = 0; i < content.length; i++) {
    const block = content[i];
    if (!isObject(block)) return `a message whose content[${i}] is ${kind(block)}, not an object`;
    for (const field of ['text', 'thinking', 'signature', 'data', 'id', 'name'] as const) {
      const value = block[field];
      if (value !== undefined && value !== null && typeof value !== 'string')
        return `a message whose content[${i}].${field} is ${kind(value)}, not a string`;
    }
  }
  const usage = body['usage'];
  if (usage !== undefined && !isObject(usage)) return `a message whose usage is ${kind(usage)}, not an object`;
  return undefined;
}

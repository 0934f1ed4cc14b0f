/**
 * Says what makes a parsed Chat Completions response unusable, before it is normalized: the
 * fields llmux and its callers read must have their wire types, so that garbage from a server
 * is a typed error instead of a TypeError later. Pure.
 */
import { describeInvalidChoices, isObject, kind } from '../../stream/check-chunk.js';

/**
 * Why `body` cannot be used as a `chat.completion` (a phrase such as "a response whose
 * choices[0] is null, not an object"), or undefined when it can. Never throws.
 */
export function describeInvalidOpenAIResponse(body: unknown): string | undefined {
  if (!isObject(body)) return `${kind(body)} where a chat.completion object belongs`;
  const usage = body['usage'];
  const problem =
    usage != null && !isObject(usage) ? `usage is ${kind(usage)}, not an object` : describeInvalidChoices(body['choices'], true);
  return problem === undefined ? undefined : `a response whose ${problem}`;
}

/**
 * The shape check every request passes once, before anything is sent: messages with a known
 * role, content of a type that role takes, known content parts, tool calls and tool results
 * with their ids, no misspelled keys. A mistake is a `ConfigurationError` naming the message,
 * the field and what would be right; never a `TypeError` from deep in a provider's mapping
 * (which a Router would take for a provider failure and fall back on), nor a request sent as it
 * was. One pass, no copies; kept small, since every `llmux/lite` bundle carries it.
 */
import { ConfigurationError } from '../base/errors.js';
import type { ChatRequest } from '../base/types.js';
import { REASONING_EFFORTS } from './reasoning-efforts.js';
import { messageAt } from '../util/message-at.js';

/** The content part types of each role; `function` takes a string or null only. */
const PARTS: Record<string, string[]> = {
  system: ['text'],
  developer: ['text'],
  tool: ['text'],
  user: ['text', 'image_url', 'file', 'input_audio'],
  assistant: ['text', 'refusal'],
  function: [],
};
/** Message fields llmux reads; a key spelt like one of them (`toolCalls`) is a misspelling. */
const FIELDS = [
  'role',
  'content',
  'name',
  'tool_calls',
  'tool_call_id',
  'function_call',
  'refusal',
  'reasoning_content',
  'reasoning_details',
];
const MESSAGE = '{ role: "user", content: "Hi" }';
const CALL = '{ id, type: "function", function: { name, arguments: "{}" } }';

/**
 * Throws a `ConfigurationError` for the first thing in `request` that is not a valid request.
 * Each check builds its message only when it fails: a valid conversation of a hundred messages
 * is checked without making a string.
 */
export function validateRequest(request: ChatRequest): void {
  const model = isObject(request) ? request.model : undefined;
  // `at` is `value`, which is not what it should be.
  const fail = (at: string, value: unknown, expected: string): never => {
    throw new ConfigurationError(`${at} is ${show(value)}; expected ${expected}`, { model });
  };
  if (!isObject(request)) fail('The request', request, `an object like { model: "openai/gpt-4o-mini", messages: [${MESSAGE}] }`);
  const effort = request.reasoning_effort;
  if (effort != null && !REASONING_EFFORTS.includes(effort)) fail('"reasoning_effort"', effort, `one of ${REASONING_EFFORTS.join(', ')}`);
  const { messages } = request;
  if (!Array.isArray(messages) || messages.length === 0)
    throw new ConfigurationError(`"messages" must be a non-empty array like [${MESSAGE}]; got ${show(messages)}`, { model });
  // Plain loops, no callbacks: nothing is allocated per message, and a hole in an array is
  // reported as missing instead of skipped.
  for (let i = 0; i < messages.length; i++) {
    const message: unknown = messages[i];
    if (!isObject(message)) fail(messageAt(i), message, `an object like ${MESSAGE}`);
    const m = message as Record<string, unknown>;
    for (const key in m) {
      const meant = FIELDS.includes(key) ? undefined : misspelt(key, m);
      if (meant !== undefined)
        throw new ConfigurationError(`${messageAt(i)} has "${key}", which is no message field: did you mean "${meant}"?`, { model });
    }
    const role = m['role'] as string;
    const parts = PARTS[role];
    if (!Array.isArray(parts)) fail(messageAt(i, '.role'), role, `one of ${Object.keys(PARTS).join(', ')}`);
    const content = m['content'];
    if (Array.isArray(content) && parts!.length > 0) {
      for (let j = 0; j < content.length; j++) {
        const part: unknown = content[j];
        const type = (part as { type?: unknown } | null)?.type as string;
        if (!isObject(part) || !parts!.includes(type))
          fail(
            messageAt(i, `.content[${j}]${isObject(part) ? '.type' : ''}`),
            isObject(part) ? type : part,
            `one of ${parts!.map((t) => `"${t}"`).join(', ')} in a ${role} message`,
          );
        const value = (part as Record<string, unknown>)[type];
        const text = type === 'text' || type === 'refusal';
        if (!(text ? typeof value === 'string' : isObject(value) && (type !== 'image_url' || typeof value['url'] === 'string')))
          fail(messageAt(i, `.content[${j}].${type}`), value, text ? 'a string' : type === 'image_url' ? '{ url }' : 'an object');
      }
    } else if (typeof content !== 'string' && !(content == null && (role === 'assistant' || role === 'function'))) {
      fail(
        messageAt(i, '.content'),
        content,
        `a string${parts!.length > 0 ? `, or an array of parts like [{ type: "text", text: "Hi" }]` : ' or null'}`,
      );
    }
    if (m['name'] !== undefined && typeof m['name'] !== 'string') fail(messageAt(i, '.name'), m['name'], 'a string');
    if (role === 'tool' && !isId(m['tool_call_id']))
      fail(messageAt(i, '.tool_call_id'), m['tool_call_id'], 'the id of the call it answers');
    if (role === 'function' && !isId(m['name'])) fail(messageAt(i, '.name'), m['name'], "the function's name");
    const calls = m['tool_calls'];
    if (calls == null) continue;
    if (!Array.isArray(calls)) fail(messageAt(i, '.tool_calls'), calls, `an array of ${CALL}`);
    for (let j = 0; j < (calls as unknown[]).length; j++) {
      const call: unknown = (calls as unknown[])[j];
      const c = (isObject(call) ? call : {}) as Record<string, unknown>;
      const type = c['type'] as string;
      const body = c[type] as Record<string, unknown> | undefined;
      if (!(isId(c['id']) && (type === 'function' || type === 'custom') && isObject(body) && isId(body['name'])))
        fail(messageAt(i, `.tool_calls[${j}]`), call, CALL);
      if (type === 'function' && typeof body!['arguments'] !== 'string')
        fail(messageAt(i, `.tool_calls[${j}].function.arguments`), body!['arguments'], 'a JSON string');
    }
  }
}

/** The message field `key` (not one) is a misspelling of, if any: one the message lacks, spelt alike. */
function misspelt(key: string, message: Record<string, unknown>): string | undefined {
  for (const field of FIELDS) if (!(field in message) && nearly(key, field)) return field;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isId(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

/** A value as an error shows it: a glimpse, or "missing". */
function show(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    // A cycle or a BigInt: the type says enough.
    return `a${typeof value === 'object' ? 'n' : ''} ${typeof value}`;
  }
  return json === undefined ? 'missing' : json.length > 60 ? `${json.slice(0, 60)}…` : json;
}

/** Whether `key` is `field` spelt another way: other case or separators, or a plural. */
function nearly(key: string, field: string): boolean {
  const fold = (name: string): string =>
    name
      .toLowerCase()
      .replace(/[^a-z]/g, '')
      .replace(/s$/, '');
  return fold(key) === fold(field);
}

/**
 * Says what makes a stream chunk (or a whole response's choices) unfit to use, before any of it
 * is folded. Provider data: an index must not name an object key or size an array, and every
 * field that is appended or merged must have the type the wire format gives it.
 */

/**
 * Highest `choices[].index` and `tool_calls[].index` accepted. Real streams number choices by
 * `n` (at most 128 on OpenAI) and tool calls by the dozen; an index is an array position, so
 * a bound keeps one chunk from allocating or looping over a billion slots.
 */
export const MAX_STREAM_INDEX = 1023;

type Loose = Record<string, unknown>;

/** True for an index that can place a choice or a tool call: an integer from 0 to {@link MAX_STREAM_INDEX}. */
export function isStreamIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_STREAM_INDEX;
}

/** Why `chunk` cannot be folded (e.g. `choices[0].index "__proto__" is not an integer from 0 to 1023`), or undefined. Never throws. */
export function describeInvalidChunk(chunk: unknown): string | undefined {
  if (!isObject(chunk)) return wrongType('the chunk', chunk, 'an object');
  return check(chunk, '', ['usage', 'cost'], isObject) ?? describeInvalidChoices(chunk['choices'], 'delta');
}

/**
 * Why `choices` (absent, or an array of choices carrying a `delta`, or for a whole response a
 * `message`) cannot be used, or undefined. A missing index is allowed: it is placed by order.
 */
export function describeInvalidChoices(choices: unknown, part: 'delta' | 'message'): string | undefined {
  if (choices == null) return undefined;
  if (!Array.isArray(choices)) return wrongType('choices', choices, 'an array');
  for (let i = 0; i < choices.length; i++) {
    const choice: unknown = choices[i];
    const at = `choices[${i}]`;
    if (!isObject(choice)) return wrongType(at, choice, 'an object');
    const body = choice[part];
    // A delta may be absent; a response's message may not.
    if (part === 'message' ? !isObject(body) : body != null && !isObject(body)) return wrongType(`${at}.${part}`, body, 'an object');
    const found = badIndex(choice, at) ?? check(choice, at, ['finish_reason'], isString) ?? (isObject(body) ? describeInvalidMessage(body, `${at}.${part}`, part === 'message') : undefined);
    if (found !== undefined) return found;
  }
  return undefined;
}

function describeInvalidMessage(message: Loose, at: string, whole: boolean): string | undefined {
  // A whole message's content is passed on as it came (some servers send parts); a delta's is appended.
  const problem = check(message, at, whole ? ['refusal', 'reasoning_content'] : ['content', 'refusal', 'reasoning_content'], isString) ?? check(message, at, ['reasoning_details', 'tool_calls'], Array.isArray);
  if (problem !== undefined) return problem;
  for (const field of ['reasoning_details', 'tool_calls']) {
    const list = message[field];
    if (!Array.isArray(list)) continue;
    for (let j = 0; j < list.length; j++) {
      const item: unknown = list[j];
      const where = `${at}.${field}[${j}]`;
      if (!isObject(item)) return wrongType(where, item, 'an object');
      if (field === 'reasoning_details') continue;
      const fn = item['function'];
      // A streamed fragment may leave `function` out; a whole tool call has one.
      if (whole ? !isObject(fn) : fn != null && !isObject(fn)) return wrongType(`${where}.function`, fn, 'an object');
      const found = badIndex(item, where) ?? check(item, where, ['id'], isString) ?? (isObject(fn) ? check(fn, `${where}.function`, ['name', 'arguments'], isString) : undefined);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function badIndex(item: Loose, at: string): string | undefined {
  const index = item['index'];
  if (index == null || isStreamIndex(index)) return undefined;
  const shown = typeof index === 'string' ? JSON.stringify(index.slice(0, 40)) : typeof index === 'object' ? `(${kind(index)})` : String(index);
  return `${at}.index ${shown} is not an integer from 0 to ${MAX_STREAM_INDEX}`;
}

/** The first of `fields` present (not null) that fails `test`, described. */
function check(item: Loose, at: string, fields: readonly string[], test: (value: unknown) => boolean): string | undefined {
  for (const field of fields) {
    const value = item[field];
    const want = test === isString ? 'a string' : test === isObject ? 'an object' : 'an array';
    if (value != null && !test(value)) return wrongType(at === '' ? field : `${at}.${field}`, value, want);
  }
  return undefined;
}

/** True for a JSON object: not null, not an array. */
export function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): boolean {
  return typeof value === 'string';
}

function wrongType(at: string, value: unknown, want: string): string {
  return `${at} is ${kind(value)}, not ${want}`;
}

/** What a JSON value is, for a message: `null`, `an array`, `an object`, `a string`... */
export function kind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

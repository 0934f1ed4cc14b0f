/**
 * Says what makes a stream chunk (or a whole response's choices) unfit to use, before any of it
 * is folded. Provider data: an index must not name an object key or size an array, and every
 * field that is appended or merged must have the type the wire format gives it. This runs once
 * per chunk: the valid path allocates nothing, and a path is spelled out only for a failure.
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
  // `(n | 0) === n` is the integer test for this range, and cheaper than a call.
  return typeof value === 'number' && value >= 0 && value <= MAX_STREAM_INDEX && (value | 0) === value;
}

/** Why `chunk` cannot be folded (e.g. `choices[0].index "__proto__" is not an integer from 0 to 1023`), or undefined. Never throws. */
export function describeInvalidChunk(chunk: unknown): string | undefined {
  if (typeof chunk !== 'object' || chunk === null || Array.isArray(chunk)) return `the chunk${wrongType(chunk, 'an object')}`;
  const { usage, cost } = chunk as Loose;
  if (usage != null && !isObject(usage)) return `usage${wrongType(usage, 'an object')}`;
  if (cost != null && !isObject(cost)) return `cost${wrongType(cost, 'an object')}`;
  return describeInvalidChoices((chunk as Loose)['choices'], false);
}

/**
 * Why `choices` (absent, or an array of choices each carrying a `delta`, or for a `whole`
 * response a `message`) cannot be used, or undefined. A missing index is allowed: it is placed
 * by order. Checks are written out inline: in a stream this runs once per chunk, mostly before
 * the JIT has compiled it, where every call costs.
 */
export function describeInvalidChoices(choices: unknown, whole: boolean): string | undefined {
  if (choices == null) return undefined;
  if (!Array.isArray(choices)) return `choices${wrongType(choices, 'an array')}`;
  const part = whole ? 'message' : 'delta';
  for (let i = 0; i < choices.length; i++) {
    const choice: unknown = choices[i];
    if (typeof choice !== 'object' || choice === null || Array.isArray(choice)) return `choices[${i}]${wrongType(choice, 'an object')}`;
    const { index, finish_reason: reason, provider_finish_reason: raw } = choice as Loose;
    if (index != null && !isStreamIndex(index)) return `choices[${i}]${badIndex(index)}`;
    if (reason != null && typeof reason !== 'string') return `choices[${i}].finish_reason${wrongType(reason, 'a string')}`;
    if (raw != null && typeof raw !== 'string') return `choices[${i}].provider_finish_reason${wrongType(raw, 'a string')}`;
    const body = whole ? (choice as Loose)['message'] : (choice as Loose)['delta'];
    // A delta may be absent; a response's message may not.
    if (body == null && !whole) continue;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return `choices[${i}].${part}${wrongType(body, 'an object')}`;
    const { content, refusal, reasoning_content: reasoning, reasoning_details: details, tool_calls: calls, annotations } = body as Loose;
    let problem: string | undefined;
    // A whole message's content is passed on as it came (some servers send parts); a delta's is appended.
    if (!whole && content != null && typeof content !== 'string') problem = `.content${wrongType(content, 'a string')}`;
    else if (refusal != null && typeof refusal !== 'string') problem = `.refusal${wrongType(refusal, 'a string')}`;
    else if (reasoning != null && typeof reasoning !== 'string') problem = `.reasoning_content${wrongType(reasoning, 'a string')}`;
    else if (details != null) problem = badDetails(details);
    else if (annotations != null) problem = badAnnotations(annotations);
    if (problem === undefined && calls != null) problem = badToolCalls(calls, whole);
    if (problem !== undefined) return `choices[${i}].${part}${problem}`;
  }
  return undefined;
}

function badAnnotations(annotations: unknown): string | undefined {
  if (!Array.isArray(annotations)) return `.annotations${wrongType(annotations, 'an array')}`;
  for (let j = 0; j < annotations.length; j++)
    if (!isObject(annotations[j])) return `.annotations[${j}]${wrongType(annotations[j], 'an object')}`;
  return undefined;
}

function badDetails(details: unknown): string | undefined {
  if (!Array.isArray(details)) return `.reasoning_details${wrongType(details, 'an array')}`;
  for (let j = 0; j < details.length; j++)
    if (!isObject(details[j])) return `.reasoning_details[${j}]${wrongType(details[j], 'an object')}`;
  return undefined;
}

function badToolCalls(calls: unknown, whole: boolean): string | undefined {
  if (!Array.isArray(calls)) return `.tool_calls${wrongType(calls, 'an array')}`;
  for (let j = 0; j < calls.length; j++) {
    const problem = badToolCall(calls[j], whole);
    if (problem !== undefined) return `.tool_calls[${j}]${problem}`;
  }
  return undefined;
}

function badToolCall(call: unknown, whole: boolean): string | undefined {
  if (!isObject(call)) return wrongType(call, 'an object');
  const { index, id, function: fn } = call;
  if (index != null && !isStreamIndex(index)) return badIndex(index);
  if (id != null && typeof id !== 'string') return `.id${wrongType(id, 'a string')}`;
  // A streamed fragment may leave `function` out; a whole tool call has one.
  if (fn == null && !whole) return undefined;
  if (!isObject(fn)) return `.function${wrongType(fn, 'an object')}`;
  const { name, arguments: args } = fn;
  if (name != null && typeof name !== 'string') return `.function.name${wrongType(name, 'a string')}`;
  if (args != null && typeof args !== 'string') return `.function.arguments${wrongType(args, 'a string')}`;
  return undefined;
}

function badIndex(index: unknown): string {
  const shown =
    typeof index === 'string' ? JSON.stringify(index.slice(0, 40)) : typeof index === 'object' ? `(${kind(index)})` : String(index);
  return `.index ${shown} is not an integer from 0 to ${MAX_STREAM_INDEX}`;
}

/** True for a JSON object: not null, not an array. */
export function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wrongType(value: unknown, want: string): string {
  return ` is ${kind(value)}, not ${want}`;
}

/** What a JSON value is, for a message: `null`, `an array`, `an object`, `a string`... */
export function kind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

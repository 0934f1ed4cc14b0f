/**
 * One response -> the object, or the issues to re-ask with: the JSON text taken from the
 * message (or the forced tool call), parsed, unwrapped and validated. Also the messages that
 * carry the issues back to the model.
 */
import type { ChatCompletionMessageParam, ModelResponse } from '../base/types.js';
import { extractJson } from './extract-json.js';
import { WRAPPER_KEY } from './prepare-json-schema.js';
import type { ResolvedSchema } from './resolve-schema.js';
import type { StructuredIssue, StructuredMode } from './structured-types.js';

export type Judgement =
  | { ok: true; value: unknown; raw: string }
  | { ok: false; raw: string | undefined; issues: StructuredIssue[]; refused: boolean; toolCallId: string | undefined };

/** `prefill` is the text the request began the answer with (`{` for `json` on Anthropic); it is put back before parsing. */
export async function judgeAnswer(
  response: ModelResponse,
  mode: StructuredMode,
  name: string,
  wrapped: boolean,
  schema: ResolvedSchema,
  prefill = '',
): Promise<Judgement> {
  const choice = response.choices[0];
  const message = choice?.message;
  const fail = (issues: StructuredIssue[], raw: string | undefined, extra: { refused?: boolean; toolCallId?: string } = {}): Judgement => ({
    ok: false,
    raw,
    issues,
    refused: extra.refused ?? false,
    toolCallId: extra.toolCallId,
  });
  if (message === undefined) return fail([{ message: 'the response has no message' }], undefined);
  if (message.refusal) return fail([{ message: `the model refused: ${message.refusal}` }], undefined, { refused: true });
  if (choice?.finish_reason === 'content_filter')
    return fail([{ message: 'the answer was stopped by a content filter' }], message.content ?? undefined, { refused: true });

  let raw: string | undefined;
  let toolCallId: string | undefined;
  let parsed: { ok: true; value: unknown } | { ok: false; message: string };
  if (mode === 'tools') {
    const call = message.tool_calls?.find((c) => c.function.name === name) ?? message.tool_calls?.[0];
    if (call === undefined)
      return fail([{ message: `no call of the tool "${name}"; call it with the answer as its arguments` }], message.content ?? undefined);
    raw = call.function.arguments;
    toolCallId = call.id;
    parsed = parseArguments(raw);
  } else {
    const text = message.content ?? '';
    raw = prefill + text;
    parsed = extractJson(raw);
    if (!parsed.ok && prefill !== '') {
      // A model that repeats the prefilled brace answers a whole object by itself.
      const alone = extractJson(text);
      if (alone.ok) [raw, parsed] = [text, alone];
    }
  }
  const cut = choice?.finish_reason === 'length' ? [{ message: 'the answer was cut off at the token limit (finish_reason "length")' }] : [];
  if (!parsed.ok) return fail([...cut, { message: parsed.message }], raw, toolCallId === undefined ? {} : { toolCallId });

  let value = parsed.value;
  if (wrapped) {
    if (typeof value !== 'object' || value === null || !(WRAPPER_KEY in value)) {
      return fail(
        [{ message: `expected an object with the answer under "${WRAPPER_KEY}"` }],
        raw,
        toolCallId === undefined ? {} : { toolCallId },
      );
    }
    value = (value as Record<string, unknown>)[WRAPPER_KEY];
  }
  const validation = await schema.validate(value);
  if (!validation.ok) return fail([...cut, ...validation.issues], raw, toolCallId === undefined ? {} : { toolCallId });
  return { ok: true, value: validation.value, raw };
}

function parseArguments(raw: string): { ok: true; value: unknown } | { ok: false; message: string } {
  // A tool called with no arguments at all is an empty object.
  if (raw.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch (error) {
    return { ok: false, message: `the arguments are not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** `tags[0].name: Expected string` lines. */
export function formatIssues(issues: readonly StructuredIssue[]): string {
  return issues
    .map((issue) => {
      const path = (issue.path ?? []).map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
      return `- ${path === '' ? '' : `${path}: `}${issue.message}`;
    })
    .join('\n');
}

/** The turns that show the model its answer and what was wrong with it. */
export function repairMessages(
  mode: StructuredMode,
  name: string,
  judgement: Extract<Judgement, { ok: false }>,
): ChatCompletionMessageParam[] {
  const issues = formatIssues(judgement.issues);
  if (mode === 'tools' && judgement.toolCallId !== undefined) {
    return [
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: judgement.toolCallId, type: 'function', function: { name, arguments: judgement.raw ?? '' } }],
      },
      {
        role: 'tool',
        tool_call_id: judgement.toolCallId,
        content: `Error: the arguments do not match the schema:\n${issues}\nCall ${name} again with corrected arguments.`,
      },
    ];
  }
  const again = mode === 'tools' ? `Call the tool ${name} with the answer as its arguments.` : 'Answer again with the corrected JSON only.';
  return [
    { role: 'assistant', content: judgement.raw || '(no answer)' },
    { role: 'user', content: `Your answer does not match the schema:\n${issues}\n${again}` },
  ];
}

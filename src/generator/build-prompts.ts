/**
 * The generator's prompts: extract the spec, extract the documented examples, and revise the
 * spec from the failed checks (name, expected, actual, message, quoted). Pure.
 */
import type { ChatCompletionMessageParam } from '../base/types.js';
import type { ProviderSpec } from './provider-spec.js';

export interface FailedCheck {
  check: string;
  name: string;
  message: string;
  expected?: unknown;
  actual?: unknown;
}

const SYSTEM = `You read an LLM provider's API documentation and describe how to call its chat/generation endpoint, as a JSON object in the given schema. The object drives a code template that makes an llmux adapter (OpenAI Chat Completions shape in, the provider's wire format out and back). Copy names, paths and values exactly as the docs spell them; use null where the docs say nothing. Paths are dot paths into the JSON (e.g. output.text, choices.0.delta.content).`;

const MAX_MESSAGE_CHARS = 2_000;
const MAX_VALUE_CHARS = 600;
const MAX_FAILURES = 20;

export function specPrompt(
  name: string,
  docs: string,
  reference: string | undefined,
  hints: { baseURL?: string | undefined },
): ChatCompletionMessageParam[] {
  return [
    { role: 'system', content: SYSTEM },
    {
      role: 'user',
      content: [
        `Provider id: ${name}${hints.baseURL === undefined ? '' : `\nBase URL (given by the user): ${hints.baseURL}`}`,
        `Documentation:\n<docs>\n${docs}\n</docs>`,
        ...(reference === undefined
          ? []
          : [`A reference implementation of a client for this provider:\n<reference>\n${reference}\n</reference>`]),
        'Describe the provider: auth header and prefix, endpoint path, request fields, response paths, the stream format (event names, data lines, terminator), tool calling (how tools and the tool choice are sent, where calls appear in a response and in a stream, how calls and their results are sent back; null if the provider has none), every stop reason and what it means, usage paths, error body paths, error codes whose class the status does not tell, and the retry-after header.',
      ].join('\n\n'),
    },
  ];
}

export function examplesPrompt(name: string, docs: string): ChatCompletionMessageParam[] {
  return [
    {
      role: 'system',
      content:
        "You turn the example exchanges in an API's documentation into test cases. Copy each documented response body exactly (JSON, or the raw stream text with its event/data lines), and the request body when the docs show the exact one for that exchange. State the request as OpenAI would say it (system, user, tools offered, tool choice, earlier tool calls and the results sent back) and what a correct OpenAI-compatible client must make of the response: the full text, the tool calls (name, arguments as JSON text, id), the OpenAI finish_reason, the token usage, or for an error the llmux error class (401 AuthenticationError, 403 PermissionDeniedError, 404 NotFoundError, 429 RateLimitError, context too long ContextWindowExceededError, safety/policy ContentPolicyViolationError, 500 InternalServerError, 503 ServiceUnavailableError, other 4xx BadRequestError), its status and retry wait in ms.",
    },
    {
      role: 'user',
      content: `Provider id: ${name}\n\nDocumentation:\n<docs>\n${docs}\n</docs>\n\nList every example exchange the docs show.`,
    },
  ];
}

/** The spec prompt, the previous answer, and what the kit found wrong with the adapter it made. */
export function refinePrompt(
  base: ChatCompletionMessageParam[],
  previous: ProviderSpec,
  failures: readonly FailedCheck[],
  iteration: number,
): ChatCompletionMessageParam[] {
  const listed = failures
    .slice(0, MAX_FAILURES)
    .map((f, i) =>
      [
        `${i + 1}. check: ${f.check} — ${f.name}`,
        `   message: ${cut(f.message)}`,
        ...(f.expected === undefined ? [] : [`   expected: ${clip(f.expected)}`]),
        ...(f.actual === undefined ? [] : [`   actual: ${clip(f.actual)}`]),
      ].join('\n'),
    );
  const more = failures.length > MAX_FAILURES ? [`(and ${failures.length - MAX_FAILURES} more failures)`] : [];
  return [
    ...base,
    { role: 'assistant', content: JSON.stringify(previous) },
    {
      role: 'user',
      content: [
        `The adapter generated from that description (draft ${iteration}) failed ${failures.length} check${failures.length === 1 ? '' : 's'} (the type-check and the conformance kit against the documented examples):`,
        [...listed, ...more].join('\n'),
        ...(failures.some((f) => f.check === 'type-check')
          ? [
              "Type errors come from TypeScript checking the generated JavaScript (JSDoc types) against llmux's declarations. The template is fixed code, so fix them in `hooks` (each hook must return what its contract says, or undefined), or describe the provider so that hooks are not needed.",
            ]
          : []),
        'Find what in the description causes each failure (check it against the docs) and answer with the whole corrected description. Change only what the failures and the docs show to be wrong.',
      ].join('\n\n'),
    },
  ];
}

/** A failure message as written, cut to a bound: a draft's own output can be megabytes. */
function cut(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}

function clip(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

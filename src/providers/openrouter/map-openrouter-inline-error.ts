/**
 * Failures OpenRouter reports inside a 200 -> typed errors. Pure.
 *
 * Once a model has started answering, the status is already sent, so OpenRouter reports a
 * later failure in the payload: a stream chunk (or a whole response) with a top-level `error`,
 * a choice with its own `error`, or a choice that ends with `finish_reason: "error"`. None of
 * them may pass as a normal end: `error` is no OpenAI finish reason and the text is cut short.
 */
import type { LlmuxError } from '../../base/errors.js';
import { errorPayloadText } from '../../util/map-http-error.js';
import { mapOpenRouterError, statusForOpenRouterError } from './map-openrouter-error.js';

export interface InlineErrorContext {
  provider: string;
  model: string;
  secrets: readonly string[];
  /** The request or generation id to report. */
  requestId: string | undefined;
}

/** The error a chunk or response reports, or undefined when it reports none. */
export function mapOpenRouterInlineError(payload: unknown, context: InlineErrorContext): LlmuxError | undefined {
  if (payload === null || typeof payload !== 'object') return undefined;
  const { error, choices } = payload as { error?: unknown; choices?: unknown };
  let reported = present(error) ? error : undefined;
  let failedChoice: Record<string, unknown> | undefined;
  if (Array.isArray(choices)) {
    for (const choice of choices as Record<string, unknown>[]) {
      if (choice === null || typeof choice !== 'object') continue;
      if (present(choice['error']) || choice['finish_reason'] === 'error') {
        failedChoice = choice;
        reported ??= present(choice['error']) ? choice['error'] : undefined;
        break;
      }
    }
  }
  if (reported === undefined && failedChoice === undefined) return undefined;
  const body = { error: reported ?? { code: 502, message: describeChoiceError(failedChoice!) } };
  return mapOpenRouterError({
    status: statusForOpenRouterError(body.error),
    headers: context.requestId === undefined ? {} : { 'x-request-id': context.requestId },
    bodyText: errorPayloadText(body),
    provider: context.provider,
    model: context.model,
    secrets: context.secrets,
  });
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function describeChoiceError(choice: Record<string, unknown>): string {
  const native = choice['native_finish_reason'];
  return `the generation ended with finish_reason "error"${typeof native === 'string' && native !== '' ? ` (upstream reason: ${native})` : ''}`;
}

/**
 * The one way anything thrown becomes an `LlmuxError`: an llmux error as it is, anything else
 * wrapped (its message kept, the original as `cause`), so callbacks, the ledger and callers
 * always receive the typed error they were promised.
 */
import { LlmuxError, isLlmuxError } from '../base/errors.js';

/** Who the failed call was for, named in a wrapping error. */
export interface ErrorContext {
  provider?: string | undefined;
  model?: string | undefined;
}

/** `error` when it is an `LlmuxError`, otherwise one wrapping it; `prefix` starts the wrapper's message. */
export function toLlmuxError(error: unknown, context: ErrorContext = {}, prefix = ''): LlmuxError {
  if (isLlmuxError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new LlmuxError(prefix + message, { provider: context.provider, model: context.model, cause: error });
}

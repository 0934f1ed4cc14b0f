/**
 * OpenAI (and OpenAI-compatible) error bodies -> typed errors. Pure.
 */
import type { LlmuxError } from '../../base/errors.js';
import { type ErrorCause, type HttpErrorInput, type ParsedErrorBody, classifyErrorCause, mapHttpError } from '../../util/map-http-error.js';

/** OpenAI's explicit codes first; the shared text patterns catch compatible servers' wording. */
export function classifyOpenAIError(parsed: ParsedErrorBody): ErrorCause {
  if (parsed.code === 'context_length_exceeded' || parsed.code === 'string_above_max_length') return 'context_window';
  if (parsed.code === 'content_policy_violation' || parsed.code === 'content_filter') return 'content_policy';
  return classifyErrorCause(parsed);
}

export function mapOpenAIError(input: HttpErrorInput): LlmuxError {
  return mapHttpError(input, classifyOpenAIError);
}

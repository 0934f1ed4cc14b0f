/**
 * Where a callback set carries the code that reports to it, for clients that do not bring
 * their own (`llmux/lite`'s `withCallbacks` puts it there). Not part of `LlmuxCallbacks`'s
 * type, so code that walks a callback set's keys never meets it.
 */
import type { CallReporter } from './call-reporter.js';
import type { LlmuxCallbacks } from './callback-types.js';

export const REPORTER: unique symbol = Symbol.for('llmux.reporter');

/** A callback set as `withCallbacks` returns it. */
export type CarryingReporter = LlmuxCallbacks & { [REPORTER]?: typeof CallReporter };

/** The reporter a callback set carries, if any. */
export function carriedReporter(set: LlmuxCallbacks | undefined): typeof CallReporter | undefined {
  return (set as CarryingReporter | undefined)?.[REPORTER];
}

/**
 * The error of a structured call that got no valid object: every attempt with its raw answer and
 * issues, and the usage and cost they added up to.
 */
import { LlmuxError, type LlmuxErrorOptions } from '../base/errors.js';
import type { Cost, Usage } from '../base/types.js';
import type { ObjectAttempt, StructuredFailure, StructuredMode } from './structured-types.js';

export interface StructuredOutputErrorOptions extends LlmuxErrorOptions {
  attempts: ObjectAttempt[];
  usage: Usage;
  cost: Cost | undefined;
  mode: StructuredMode;
}

/**
 * No answer parsed and validated within `maxRetries` re-asks (`code: 'STRUCTURED_OUTPUT_INVALID'`),
 * or the model refused (`code: 'STRUCTURED_OUTPUT_REFUSED'`, never re-asked).
 */
export class StructuredOutputError extends LlmuxError {
  override name = 'StructuredOutputError' as const;
  /** Every attempt, in order, with its raw answer and issues. */
  readonly attempts: ObjectAttempt[];
  /** Usage summed over the attempts. */
  readonly usage: Usage;
  /** Cost summed over the attempts that could be priced. */
  readonly cost: Cost | undefined;
  /** The mode of the last attempt. */
  readonly mode: StructuredMode;

  constructor(message: string, options: StructuredOutputErrorOptions) {
    super(message, options);
    this.attempts = options.attempts;
    this.usage = options.usage;
    this.cost = options.cost;
    this.mode = options.mode;
  }

  /** The same fields as one object, as every other error of a structured call carries them. */
  get structured(): StructuredFailure {
    return { attempts: this.attempts, usage: this.usage, cost: this.cost, mode: this.mode };
  }
}

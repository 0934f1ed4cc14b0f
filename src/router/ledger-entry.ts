/**
 * What the router writes about an attempt: its ledger entry (an error's name and message
 * redacted and bounded), and the `routing` a response carries.
 */
import type { LlmuxError } from '../base/errors.js';
import type { ModelResponse, Usage } from '../base/types.js';
import { redactText } from '../util/redact.js';
import type { CostLedger, LedgerEntry } from './cost-ledger.js';
import type { Attempt } from './route-attempts.js';

/** Longest error message a ledger entry keeps (a provider's can be megabytes). */
const LEDGER_MESSAGE_CHARS = 1_024;

/** What an attempt left behind: its usage and cost, its error, how long it took. */
export interface AttemptOutcome {
  usage?: Usage | undefined;
  cost?: ModelResponse['cost'];
  error?: LlmuxError;
  latencyMs?: number;
}

/** A message of at most `max` characters, with `secrets` (and key-shaped text) redacted before the cut. */
function boundedMessage(message: string, secrets: readonly (string | undefined)[], max: number): string {
  // Redacting all of a multi-megabyte message would be wasted work: a key that the cut goes
  // through is still whole in the first 2 * max characters (keys are far shorter than max).
  const head = redactText(message.length > 2 * max ? message.slice(0, 2 * max) : message, secrets);
  return head.length <= max ? head : `${head.slice(0, max - 1)}…`;
}

/** Writes `attempt` of call `callId` to `ledger`. */
export function recordAttempt(
  ledger: CostLedger,
  callId: string,
  attempt: Attempt,
  outcome: LedgerEntry['outcome'],
  stream: boolean,
  extra: AttemptOutcome,
): void {
  const entry: LedgerEntry = {
    callId,
    attempt: attempt.number,
    group: attempt.group,
    deployment: attempt.deployment.id,
    model: attempt.deployment.model,
    stream,
    outcome,
    startedAt: attempt.startedAt,
    latencyMs: extra.latencyMs ?? Date.now() - attempt.startedAt,
  };
  if (extra.usage) entry.usage = extra.usage;
  if (extra.cost) entry.cost = extra.cost;
  if (extra.error !== undefined) {
    const secrets = [attempt.deployment.apiKey];
    entry.error = {
      name: boundedMessage(String(extra.error.name), secrets, 100),
      message: boundedMessage(String(extra.error.message), secrets, LEDGER_MESSAGE_CHARS),
    };
    if (extra.error.status !== undefined) entry.error.status = extra.error.status;
  }
  ledger.record(entry);
}

/** The `routing` of a response served by `attempt` of call `callId` on `group`. */
export function routingOf(ledger: CostLedger, callId: string, group: string, attempt: Attempt): NonNullable<ModelResponse['routing']> {
  return {
    callId,
    group,
    servedBy: { group: attempt.group, deployment: attempt.deployment.id, model: attempt.deployment.model },
    attempts: attempt.number + 1,
    totalCost: ledger.totalCost(callId),
  };
}

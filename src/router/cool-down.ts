/**
 * Cooldown bookkeeping: what a failed attempt says about its deployment's health, and so
 * whether the deployment is counted a failure or taken out of rotation for a while. Also how
 * many retries a group allows after an error.
 */
import { ConfigurationError, ContextWindowExceededError, type LlmuxError, RateLimitError } from '../base/errors.js';
import { isCallerAbortError } from '../util/caller-abort-error.js';
import type { ResolvedDeployment, RouterSettings } from './router-settings.js';
import type { RouterStateStore } from './state-store.js';

const FAILURE_WINDOW_MS = 60_000;

/** Counts a failure against the deployment, and cools it down when it has failed too often. */
export async function penalize(
  settings: RouterSettings,
  store: RouterStateStore,
  deployment: ResolvedDeployment,
  error: LlmuxError,
): Promise<void> {
  if (isCallerAbortError(error) || error instanceof ConfigurationError) return;
  // A prompt too long for the model (an HTTP 400, or an answer cut at the context window) says nothing about its health.
  if (error instanceof ContextWindowExceededError) return;
  // Cooling down a group's only deployment would only make the group unavailable; its retries
  // wait for Retry-After instead.
  if ((settings.groups.get(deployment.group)?.length ?? 0) < 2) return;
  // A request the deployment rejected for its content says nothing about its health.
  if (error.status === 400 || error.status === 413 || error.status === 422) return;
  const { maxCooldownMs } = settings;
  const cooldownMs = Math.min(settings.cooldownMs, maxCooldownMs);
  const hint = error.retryAfterMs;
  const retryAfterMs = typeof hint === 'number' && hint >= 0 && hint < Infinity ? hint : undefined;
  // Rate limited with a hint, or refused our credentials: out of rotation at once, for as long
  // as the server asked, but never past maxCooldownMs (a hostile Retry-After would otherwise
  // take the deployment away from every process sharing the store for years).
  if (
    (error instanceof RateLimitError && retryAfterMs !== undefined) ||
    error.status === 401 ||
    error.status === 403 ||
    error.status === 404
  ) {
    await store.startCooldown(deployment.id, Math.min(maxCooldownMs, Math.max(cooldownMs, retryAfterMs ?? 0)));
    return;
  }
  const failures = await store.recordFailure(deployment.id, FAILURE_WINDOW_MS);
  if (failures >= settings.allowedFails) await store.startCooldown(deployment.id, cooldownMs);
}

/** Retries a group allows after `error`: its class's own count, else `numRetries` for a retryable error. */
export function retriesFor(settings: RouterSettings, error: LlmuxError): number {
  const policy = settings.retryPolicy;
  const own = policy[error.name] ?? policy[error.constructor.name];
  if (own !== undefined) return own;
  return error.retryable ? settings.numRetries : 0;
}

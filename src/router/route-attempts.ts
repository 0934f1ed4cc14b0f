/**
 * One router call's attempts, through the one attempt engine (`runAttempts`) with deployment
 * choice as its strategy: each attempt picks a deployment of the current group (one not yet
 * tried first); after a failure the deployment's health is booked, then the call retries in the
 * group (at once on another deployment, after Retry-After or a backoff on the same one), falls
 * back to another group, or gives up, and the last error is thrown.
 */
import type { CallReporter } from '../callbacks/call-reporter.js';
import {
  ConfigurationError,
  ContentPolicyViolationError,
  ContextWindowExceededError,
  type LlmuxError,
  RateLimitError,
} from '../base/errors.js';
import type { ChatRequest } from '../base/types.js';
import { callerAbortError, isCallerAbortError } from '../util/caller-abort-error.js';
import { type NextAttempt, STOP, SWITCH, runAttempts } from '../util/run-attempts.js';
import type { DeploymentChooser } from './choose-deployment.js';
import { penalize, retriesFor } from './cool-down.js';
import type { ResolvedDeployment, RouterSettings } from './router-settings.js';
import type { RouterStateStore } from './state-store.js';

/** One attempt of a router call: the deployment tried, and when. */
export interface Attempt {
  number: number;
  group: string;
  deployment: ResolvedDeployment;
  startedAt: number;
}

/** What the attempts of every call of one router share. */
export interface RouteContext {
  settings: RouterSettings;
  chooser: DeploymentChooser;
  store: RouterStateStore;
}

type Fallback = 'error' | 'context_window' | 'content_policy';

function fallbackKind(error: LlmuxError): Fallback {
  if (error instanceof ContextWindowExceededError) return 'context_window';
  if (error instanceof ContentPolicyViolationError) return 'content_policy';
  return 'error';
}

/** The groups to fall back to after `group` failed with `error`: the list for the error's kind, else the general one. */
function fallbacksOf(
  settings: RouterSettings,
  group: string,
  error: LlmuxError,
  visited: ReadonlySet<string>,
): { targets: string[]; reason: Fallback } {
  const kind = fallbackKind(error);
  const specific =
    kind === 'context_window' ? settings.contextWindowFallbacks : kind === 'content_policy' ? settings.contentPolicyFallbacks : undefined;
  const list = specific?.[group] ?? settings.fallbacks?.[group] ?? [];
  return { targets: list.filter((g) => !visited.has(g)), reason: specific?.[group] !== undefined ? kind : 'error' };
}

/** Runs the attempts of one call; `send` makes one attempt on the deployment picked for it. */
export function routeAttempts<T>(
  route: RouteContext,
  request: ChatRequest,
  reporter: CallReporter,
  signal: AbortSignal | undefined,
  stream: boolean,
  send: (attempt: Attempt) => Promise<T>,
): Promise<T> {
  const { settings, chooser } = route;
  const context = { model: request.model };
  if (signal?.aborted) return Promise.reject(callerAbortError(signal.reason, context));
  const queue: string[] = [];
  let visited: Set<string> | undefined;
  let group = request.model;
  let tried = new Set<string>();
  let retry = 0;
  let number = 0;
  /** The attempt under way; undefined when no deployment of the group could be picked. */
  let current: Attempt | undefined;
  const visitedGroups = (): Set<string> => (visited ??= new Set<string>([request.model]));
  const fallBack = (error: LlmuxError): NextAttempt => {
    const seen = visitedGroups();
    const { targets, reason } = fallbacksOf(settings, group, error, seen);
    for (const target of targets) {
      seen.add(target);
      queue.push(target);
    }
    const next = queue.shift();
    if (next === undefined) return STOP;
    reporter.fallback(error, group, next, reason);
    group = next;
    tried = new Set();
    retry = 0;
    return SWITCH;
  };
  const hasFallback = (error: LlmuxError): boolean => fallbacksOf(settings, group, error, visitedGroups()).targets.length > 0;
  const start = (deployment: ResolvedDeployment | undefined): Promise<T> => {
    if (deployment === undefined) {
      throw new RateLimitError(
        `No deployment of group "${group}" is available: every one is cooling down after failures or at its rpm/tpm limit`,
        {
          model: group,
          code: 'no_deployments_available',
          retryable: true,
        },
      );
    }
    tried.add(deployment.id);
    current = { number, group, deployment, startedAt: Date.now() };
    reporter.request(number, stream ? deployment.identity.stream : deployment.identity.complete);
    number++;
    return send(current);
  };
  return runAttempts({
    signal,
    context,
    run: () => {
      current = undefined;
      // With the router's own memory the choice is made at once; a shared store answers later.
      const picked = chooser.pick(group, tried);
      return picked instanceof Promise ? picked.then(start) : start(picked);
    },
    onAbort: (error) => reporter.failure(error, false),
    onFailure: async (failure) => {
      if (current === undefined) {
        reporter.failure(failure, false, hasFallback(failure));
        return fallBack(failure);
      }
      // A configuration error (a malformed message, a missing key) is a bug to fix, not an
      // outage: retrying or falling back would only hide it, or serve the call elsewhere.
      if (isCallerAbortError(failure) || failure instanceof ConfigurationError) {
        reporter.failure(failure, false);
        return STOP;
      }
      await penalize(settings, route.store, current.deployment, failure);
      const retryable = retry < retriesFor(settings, failure);
      reporter.failure(failure, retryable, !retryable && hasFallback(failure));
      if (!retryable) return fallBack(failure);
      // Another deployment of the group is tried at once; reusing the same one waits for
      // its Retry-After (or a backoff), as the server asked.
      const untried = (settings.groups.get(group) ?? []).some((d) => !tried.has(d.id));
      const next: NextAttempt = untried ? { next: 'retry', delayMs: 0 } : { next: 'retry', backoff: retry };
      retry++;
      return next;
    },
    onRetry: (error, _attempt, delayMs) => reporter.retry(error, delayMs),
  });
}

/**
 * Prices responses on the call path. The model table (`models/model-lookup.ts`, the part of
 * `llmux/models` a call needs) loads on the first call of a client that prices, in parallel with
 * the request, so a client that never gets usage back, or turns pricing off, never loads it.
 * Pricing never fails a call.
 */
import type { Cost, ServiceTier, Usage } from '../base/types.js';

/** What pricing reads from a response or a usage chunk. */
interface Priced {
  model: string;
  usage?: Usage | null | undefined;
  service_tier?: ServiceTier | null | undefined;
}

/** Prices `target`, trying the model the response names, then the model that was asked for. */
export type Pricer = (target: Priced, provider: string | undefined, requestedModel: string | undefined) => Cost | undefined;

/** What `completionCost` is asked, built whole (no spreads: this runs once per priced call). */
function costInput(
  model: string,
  usage: Usage | null,
  serviceTier: ServiceTier | null,
  provider: string | undefined,
): { model: string; usage: Usage | null; service_tier: ServiceTier | null; provider?: string } {
  return provider === undefined ? { model, usage, service_tier: serviceTier } : { model, usage, service_tier: serviceTier, provider };
}

let pricer: Promise<Pricer | undefined> | undefined;
/** The pricer once its module has loaded (`price` undefined if it could not): later calls take it without waiting. */
let loaded: { price: Pricer | undefined } | undefined;

/** The pricer, or a promise of it while the model table loads (the first calls of a process). */
export function loadPricer(): Pricer | undefined | Promise<Pricer | undefined> {
  if (loaded !== undefined) return loaded.price;
  return (pricer ??= import('../models/model-lookup.js').then(
    ({ completionCost }) => (loaded = { price: pricerOf(completionCost) }).price,
    () => (loaded = { price: undefined }).price,
  ));
}

function pricerOf(completionCost: typeof import('../models/model-lookup.js').completionCost): Pricer {
  return (target, provider, requestedModel) => {
    try {
      const usage = target.usage ?? null;
      const serviceTier = target.service_tier ?? null;
      return (
        completionCost(costInput(target.model, usage, serviceTier, provider)) ??
        (requestedModel !== undefined && requestedModel !== target.model
          ? completionCost(costInput(requestedModel, usage, serviceTier, provider))
          : undefined)
      );
    } catch {
      return undefined;
    }
  };
}

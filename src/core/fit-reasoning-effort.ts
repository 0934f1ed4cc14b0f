/**
 * The one reasoning scale (`none` ... `max`) fitted to a model: which levels the model table says
 * the model takes, and the nearest of them to the level asked for. Pure; the call loop applies
 * it before the adapter maps the level to its provider's field.
 */
import type { ModelInfo } from '../models/model-info.js';
import type { AdapterContext } from '../providers/adapter-types.js';
import type { ChatRequest, LlmuxWarning, ReasoningEffort } from '../base/types.js';
import { REASONING_EFFORTS } from './reasoning-efforts.js';

/**
 * How a provider family reads the scale:
 * - `anthropic`: adaptive-thinking models take none, low, medium, high, and xhigh/max where the
 *   table says so; older thinking models take none to high (a thinking budget each);
 * - `openai` (OpenAI's own endpoint, whose models the table describes level by level): low,
 *   medium, high, and none, minimal, xhigh, max where the table says so;
 * - `compatible` (other OpenAI-compatible servers: Gemini, Groq, xAI, ...; the table records
 *   only whether their models reason): none to high as asked, xhigh and max where the table says so;
 * - `passthrough` (OpenRouter, which maps every level itself; the mock): every level as asked.
 */
type EffortFamily = 'anthropic' | 'openai' | 'compatible' | 'passthrough';

/** The family of a call, from its adapter's `provider` name and the llmux provider id. */
function effortFamily(adapterProvider: string, provider: string): EffortFamily {
  if (adapterProvider === 'anthropic') return 'anthropic';
  if (adapterProvider === 'openrouter' || adapterProvider === 'mock') return 'passthrough';
  return provider === 'openai' ? 'openai' : 'compatible';
}

/**
 * The levels the model takes, or undefined when the table cannot say (the model is unknown, or
 * its entry does not say whether it reasons): such a model gets every level as asked.
 */
function allowedEfforts(family: EffortFamily, info: ModelInfo | undefined): ReadonlySet<ReasoningEffort> | undefined {
  if (family === 'passthrough' || info === undefined || info.supportsReasoning === undefined) return undefined;
  if (!info.supportsReasoning) return new Set(['none']);
  const levels: ReasoningEffort[] = ['none', 'low', 'medium', 'high'];
  if (family === 'anthropic') {
    if (!info.supportsAdaptiveThinking) levels.push('minimal');
  } else if (family === 'compatible') {
    levels.push('minimal');
  } else {
    if (!info.supportsNoneReasoningEffort) levels.shift();
    if (info.supportsMinimalReasoningEffort) levels.push('minimal');
  }
  if (info.supportsXhighReasoningEffort) levels.push('xhigh');
  if (info.supportsMaxReasoningEffort) levels.push('max');
  return new Set(levels);
}

/** The level to send and, when it differs from the one asked for, the warning that says so. */
interface FittedEffort {
  /** `undefined` when no reasoning field should be sent at all (a model that cannot reason). */
  effort: ReasoningEffort | undefined;
  warning?: LlmuxWarning;
}

/**
 * The nearest level the model takes: a lower one first (never `none` for a level that asks for
 * reasoning), else the next higher one. A model that cannot reason gets no reasoning field;
 * asking it for `none` is no change worth a warning.
 */
function fitReasoningEffort(requested: ReasoningEffort, family: EffortFamily, info: ModelInfo | undefined, model: string): FittedEffort {
  const allowed = allowedEfforts(family, info);
  if (allowed === undefined || allowed.has(requested)) {
    // A model that cannot reason takes `none` by leaving the field out.
    return { effort: allowed !== undefined && allowed.size === 1 ? undefined : requested };
  }
  if (allowed.size === 1) {
    return {
      effort: undefined,
      warning: {
        code: 'reasoning_effort_adjusted',
        message: `${model} does not reason (per the model table), so reasoning_effort "${requested}" was not sent`,
        requested,
        used: 'none',
      },
    };
  }
  const at = REASONING_EFFORTS.indexOf(requested);
  const lower = REASONING_EFFORTS.slice(requested === 'none' ? 0 : 1, at).reverse();
  const higher = REASONING_EFFORTS.slice(at + 1);
  const used = [...lower, ...higher].find((level) => allowed.has(level))!;
  return {
    effort: used,
    warning: {
      code: 'reasoning_effort_adjusted',
      message: `${model} does not take reasoning_effort "${requested}" (per the model table); sent "${used}", the nearest level it takes`,
      requested,
      used,
    },
  };
}

/** The request as the adapter gets it, and what was changed to get there. */
export interface FittedRequest {
  request: ChatRequest;
  warnings?: LlmuxWarning[];
}

/**
 * `request` with its `reasoning_effort` fitted to the model the table describes (looked up as
 * Anthropic's model for an Anthropic-shaped adapter, as that adapter does for its defaults). A
 * table that cannot load leaves the level as asked.
 */
export async function fitRequest(
  request: ChatRequest,
  adapterProvider: string,
  context: Pick<AdapterContext, 'provider' | 'model' | 'modelInfo'>,
): Promise<FittedRequest> {
  const effort = request.reasoning_effort;
  const family = effortFamily(adapterProvider, context.provider);
  if (effort == null || family === 'passthrough') return { request };
  const id = `${family === 'anthropic' ? 'anthropic' : context.provider}/${context.model}`;
  const info = await Promise.resolve()
    .then(() => context.modelInfo?.(id))
    .catch(() => undefined);
  const fitted = fitReasoningEffort(effort, family, info, context.model);
  if (fitted.effort === effort) return { request };
  const sent: ChatRequest = { ...request };
  if (fitted.effort === undefined) delete sent.reasoning_effort;
  else sent.reasoning_effort = fitted.effort;
  return fitted.warning === undefined ? { request: sent } : { request: sent, warnings: [fitted.warning] };
}

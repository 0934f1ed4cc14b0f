/** The one reasoning scale's levels, lowest first (see `ReasoningEffort`). */
import type { ReasoningEffort } from '../base/types.js';

export const REASONING_EFFORTS: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

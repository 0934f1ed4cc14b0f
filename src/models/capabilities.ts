/**
 * Capability checks by model string, as the table records them. Each returns `undefined` for a
 * model the table does not know, so "no" and "unknown" stay apart.
 */
import type { ModelCapabilities } from './model-info.js';
import { findModel } from './model-table.js';

const check =
  (flag: keyof ModelCapabilities) =>
  (model: string): boolean | undefined =>
    findModel(model)?.[flag];

/** Whether the model takes `tools` (function calling). */
export const supportsFunctionCalling = check('supportsFunctionCalling');
/** Whether the model can call several tools in one turn. */
export const supportsParallelFunctionCalling = check('supportsParallelFunctionCalling');
/** Whether the model takes image input. */
export const supportsVision = check('supportsVision');
/** Whether the model reasons (thinking, `reasoning_effort`). */
export const supportsReasoning = check('supportsReasoning');
/** Whether the model takes a JSON Schema `response_format` (structured outputs). */
export const supportsResponseSchema = check('supportsResponseSchema');
/** Whether the provider caches prompts for this model. */
export const supportsPromptCaching = check('supportsPromptCaching');
/** Whether the model takes PDF input. */
export const supportsPdfInput = check('supportsPdfInput');
/** Whether the model takes `tool_choice`. */
export const supportsToolChoice = check('supportsToolChoice');

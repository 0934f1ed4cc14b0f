/**
 * `llmux/otel`: OpenTelemetry spans for llmux calls, one CLIENT span per attempt, following the
 * OpenTelemetry GenAI semantic conventions. Needs the optional peer dependency
 * `@opentelemetry/api` (install it beside llmux); nothing here loads unless this entry is imported.
 *
 * @example
 * ```ts
 * import { createClient } from 'llmux';
 * import { createOtelCallbacks } from 'llmux/otel';
 * const client = createClient({ callbacks: createOtelCallbacks({ captureContent: false }) });
 * ```
 *
 * @packageDocumentation
 */
export { createOtelCallbacks, OTEL_TRACER_NAME } from './create-otel-callbacks.js';
export type { OtelCallbacksOptions } from './create-otel-callbacks.js';
export {
  genAiProviderName,
  genAiRequestModel,
  genAiSpanName,
  requestAttributes,
  responseAttributes,
  usageAttributes,
} from './genai-attributes.js';
export type { GenAiAttributes, GenAiAttributeValue, ResponseFacts } from './genai-attributes.js';

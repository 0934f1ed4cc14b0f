/**
 * `llmux/otel`: OpenTelemetry spans for llmux calls, one CLIENT span per attempt, following the
 * OpenTelemetry GenAI semantic conventions. Nothing here loads unless this entry is imported.
 * The optional peer dependency `@opentelemetry/api` (install it beside llmux) is loaded only for
 * the global tracer provider, when no `tracer` or `tracerProvider` is given; without it,
 * `createOtelCallbacks()` throws a ConfigurationError saying how to install it.
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

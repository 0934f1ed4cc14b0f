/**
 * The state of one structured call across its requests: the modes still to try, the
 * conversation with its re-asks, every attempt, and the usage and cost so far. The callers
 * (completeObject, streamObject) only send `request()` and report what came back.
 */
import { ConfigurationError, type LlmuxError } from '../base/errors.js';
import { getDefaultClient } from '../index.js';
import type { ChatCompletionMessageParam, ChatRequest, Cost, ModelResponse, Usage } from '../base/types.js';
import { buildModeRequest, type ModeSettings, prefillOf } from './build-mode-request.js';
import { MODES, type ModelCapabilities, chooseModes, lookupCapabilities, wireOf } from './choose-modes.js';
import { isModeRejection, isPrefillRejection } from './is-mode-rejection.js';
import { formatIssues, judgeAnswer, repairMessages } from './judge-answer.js';
import { prepareJsonSchema } from './prepare-json-schema.js';
import { type ResolvedSchema, resolveSchema } from './resolve-schema.js';
import { StructuredOutputError } from './structured-output-error.js';
import type { ObjectAttempt, ObjectRequest, ObjectResult, ObjectTarget, StructuredFailure, StructuredMode } from './structured-types.js';
import { EMPTY_USAGE, addCost, addUsage } from './sum-usage.js';

/** Re-asks after an invalid answer when the caller does not say. */
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_NAME = 'response';
const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
/** Fields of an ObjectRequest that are not chat request fields. */
const OWN_FIELDS = ['schema', 'mode', 'maxRetries', 'name', 'description', 'strict', 'client', 'router'] as const;
/** Chat request fields the modes set, refused from the caller. */
const MODE_FIELDS = ['tools', 'tool_choice', 'response_format', 'parallel_tool_calls'] as const;

export interface ObjectSession {
  readonly target: ObjectTarget;
  /** The mode of the next request. */
  readonly mode: StructuredMode;
  /** True when answers are `{ value }` wrappers (the schema's root is not an object). */
  readonly wrapped: boolean;
  /** The text the last `request()` began the answer with (`{` for `json` on Anthropic), which the answer itself lacks; else ''. */
  readonly prefill: string;
  /** The next request to send. */
  request(): ChatRequest;
  /** A request failed: true when the call goes on (`auto` steps down, or `json` drops a refused prefill): send `request()` again. */
  rejected(error: unknown): boolean;
  /** A response came: the result, or undefined to re-ask (send `request()` again). Throws StructuredOutputError when out of re-asks or refused. */
  answered(response: ModelResponse): Promise<ObjectResult<unknown> | undefined>;
  /** The call ends with `error`: attaches what it spent so far as `error.structured` (see StructuredFailure) and returns it. */
  failed(error: unknown): unknown;
}

export async function startObjectSession(input: ObjectRequest): Promise<ObjectSession> {
  if (input === null || typeof input !== 'object') {
    throw new ConfigurationError('completeObject() needs { model, messages, schema }');
  }
  const options = checkOptions(input);
  const schema = await resolveSchema(input.schema);
  const prepared = prepareJsonSchema(schema.jsonSchema);
  const wire = wireOf(input.model);
  const base = baseRequest(input);
  const needsCapabilities = options.mode === 'auto' || options.mode === 'tools' || (options.mode === 'json' && wire === 'anthropic');
  const capabilities: ModelCapabilities = needsCapabilities
    ? await lookupCapabilities(input.model)
    : { responseSchema: undefined, functionCalling: undefined };
  if (wire === 'anthropic' && prefillRuledOut(base)) capabilities.assistantPrefill = false;
  const modes = chooseModes(options.mode, input.model, wire, capabilities);
  const settings: ModeSettings = {
    schema: prepared.schema,
    name: options.name,
    description: input.description,
    strict: input.strict,
    wire,
    prefill: capabilities.assistantPrefill !== false,
  };

  let index = 0;
  let messages: ChatCompletionMessageParam[] = [...base.messages];
  let reasks = 0;
  let usage: Usage = EMPTY_USAGE;
  let cost: Cost | undefined;
  let prefill = '';
  const attempts: ObjectAttempt[] = [];
  const mode = (): StructuredMode => modes[index]!;

  return {
    target: options.target,
    get mode() {
      return mode();
    },
    wrapped: prepared.wrapped,
    get prefill() {
      return prefill;
    },
    request() {
      prefill = prefillOf(mode(), settings);
      return buildModeRequest(base, messages, mode(), settings);
    },
    rejected(error) {
      if (prefill !== '' && isPrefillRejection(error)) {
        // The table does not know every model that takes no prefill: the same mode, prompt-only.
        const rejection = error as LlmuxError;
        attempts.push({
          mode: mode(),
          raw: undefined,
          issues: [{ message: `the provider rejected the assistant prefill of mode ${mode()}: ${rejection.message}` }],
          rejection,
        });
        settings.prefill = false;
        return true;
      }
      if (index >= modes.length - 1 || !isModeRejection(error, mode())) return false;
      const rejection = error as LlmuxError;
      attempts.push({
        mode: mode(),
        raw: undefined,
        issues: [{ message: `the provider rejected mode ${mode()}: ${rejection.message}` }],
        rejection,
      });
      index++;
      // Re-asks written for the rejected mode's format (tool turns, say) do not carry over.
      messages = [...base.messages];
      return true;
    },
    async answered(response) {
      usage = addUsage(usage, response.usage);
      cost = addCost(cost, response.cost);
      const spent = (attempt: ObjectAttempt): ObjectAttempt => {
        if (response.usage !== undefined) attempt.usage = response.usage;
        if (response.cost !== undefined) attempt.cost = response.cost;
        return attempt;
      };
      let judgement;
      try {
        judgement = await judgeAnswer(response, mode(), options.name, prepared.wrapped, schema as ResolvedSchema, prefill);
      } catch (error) {
        // A validator that throws ends the call; the answer it was judging still counts.
        attempts.push(
          spent({
            mode: mode(),
            raw: undefined,
            issues: [{ message: `the validator threw: ${error instanceof Error ? error.message : String(error)}` }],
          }),
        );
        throw error;
      }
      attempts.push(spent({ mode: mode(), raw: judgement.raw, issues: judgement.ok ? [] : judgement.issues }));
      if (judgement.ok) return { object: judgement.value, mode: mode(), attempts, usage, cost, response };
      const context = { provider: response.provider, model: response.model, attempts, usage, cost, mode: mode() };
      if (judgement.refused) {
        throw new StructuredOutputError(`The model gave no object: ${judgement.issues[0]?.message ?? 'refused'}`, {
          ...context,
          code: 'STRUCTURED_OUTPUT_REFUSED',
        });
      }
      if (reasks >= options.maxRetries) {
        const answers = attempts.filter((a) => a.rejection === undefined).length;
        throw new StructuredOutputError(
          `No valid object after ${answers} answer${answers === 1 ? '' : 's'} (mode ${mode()}); the last one:\n${formatIssues(judgement.issues)}`,
          { ...context, code: 'STRUCTURED_OUTPUT_INVALID' },
        );
      }
      reasks++;
      messages = [...messages, ...repairMessages(mode(), options.name, judgement)];
      return undefined;
    },
    failed(error) {
      // StructuredOutputError carries the same fields itself.
      if (error instanceof StructuredOutputError || typeof error !== 'object' || error === null || !Object.isExtensible(error))
        return error;
      const failure: StructuredFailure = { attempts: [...attempts], usage, cost, mode: mode() };
      try {
        // Not enumerable: the error's own JSON and log lines stay as they were (attempts hold whole answers).
        Object.defineProperty(error, 'structured', { value: failure, enumerable: false, writable: true, configurable: true });
      } catch {
        // A foreign error that locked the property down: it is thrown as it is.
      }
      return error;
    },
  };
}

/** Anthropic takes no prefill beside thinking, and a conversation that already ends with an assistant turn would merge with it. */
function prefillRuledOut(request: ChatRequest): boolean {
  if (request.messages.at(-1)?.role === 'assistant') return true;
  const effort = request.reasoning_effort;
  if (effort !== undefined && effort !== null && effort !== 'none') return true;
  const thinking = request.extra_body?.['thinking'];
  return typeof thinking === 'object' && thinking !== null && (thinking as { type?: unknown }).type !== 'disabled';
}

interface CheckedOptions {
  mode: (typeof MODES)[number];
  maxRetries: number;
  name: string;
  target: ObjectTarget;
}

function checkOptions(input: ObjectRequest): CheckedOptions {
  const fail = (message: string): never => {
    throw new ConfigurationError(message, { model: typeof input.model === 'string' ? input.model : undefined });
  };
  if (typeof input.model !== 'string' || input.model.trim() === '')
    fail(`"model" must be a non-empty string like "openai/gpt-4o-mini"; got ${JSON.stringify(input.model)}`);
  if (!Array.isArray(input.messages) || input.messages.length === 0)
    fail('"messages" must be a non-empty array like [{ role: "user", content: "Hi" }]');
  if (input.schema === undefined || input.schema === null)
    fail('"schema" is required: a zod/valibot/arktype schema, or { jsonSchema, validate? }');
  const mode = input.mode ?? 'auto';
  if (!MODES.includes(mode)) fail(`"mode" must be one of ${MODES.join(', ')}; got ${JSON.stringify(mode)}`);
  const maxRetries = input.maxRetries ?? DEFAULT_MAX_RETRIES;
  if (!Number.isInteger(maxRetries) || maxRetries < 0)
    fail(`"maxRetries" must be an integer >= 0; got ${JSON.stringify(input.maxRetries)}`);
  const name = input.name ?? DEFAULT_NAME;
  if (typeof name !== 'string' || !NAME_PATTERN.test(name))
    fail(`"name" must be 1 to 64 letters, digits, "_" or "-" (it names a tool); got ${JSON.stringify(input.name)}`);
  for (const field of MODE_FIELDS) {
    if ((input as unknown as Record<string, unknown>)[field] !== undefined)
      fail(`"${field}" is set by the structured output mode; leave it out (choose the mode with "mode")`);
  }
  const n = (input as { n?: unknown }).n;
  if (typeof n === 'number' && n > 1) fail(`n=${n}: structured output returns one object; send ${n} calls instead`);
  if (input.client !== undefined && input.router !== undefined) fail('Pass "client" or "router", not both');
  const target = input.router ?? input.client ?? getDefaultClient();
  if (typeof target?.complete !== 'function' || typeof target.stream !== 'function') {
    fail('"client"/"router" must be an llmux client (createClient()) or a Router');
  }
  return { mode, maxRetries, name, target };
}

function baseRequest(input: ObjectRequest): ChatRequest {
  const request: Record<string, unknown> = { ...input };
  for (const field of OWN_FIELDS) delete request[field];
  return request as unknown as ChatRequest;
}

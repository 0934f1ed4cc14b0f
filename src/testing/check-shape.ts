/**
 * Structural invariants of what an adapter returns, whatever the provider: a `chat.completion`
 * from complete(), `chat.completion.chunk`s from stream(). Each problem is one sentence. Pure.
 */
import type { ChatCompletionChunk, ModelResponse } from '../base/types.js';
import { describeValue } from './describe-value.js';
import type { ExpectedChunks } from './fixture-types.js';

const FINISH_REASONS = new Set(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);

export function checkResponseShape(response: unknown): string[] {
  const problems: string[] = [];
  if (response === null || typeof response !== 'object') return [`complete() must return an object, got ${describeValue(response)}`];
  const r = response as Partial<ModelResponse> & Record<string, unknown>;
  if (r.object !== 'chat.completion') problems.push(`object: expected "chat.completion", got ${describeValue(r.object)}`);
  if (typeof r.id !== 'string') problems.push(`id: expected a string, got ${describeValue(r.id)}`);
  if (typeof r.created !== 'number') problems.push(`created: expected a number (Unix seconds), got ${describeValue(r.created)}`);
  if (typeof r.model !== 'string') problems.push(`model: expected a string, got ${describeValue(r.model)}`);
  if (!Array.isArray(r.choices) || r.choices.length === 0) {
    problems.push(`choices: expected a non-empty array, got ${describeValue(r.choices)}`);
    return problems;
  }
  r.choices.forEach((choice, i) => {
    const at = `choices[${i}]`;
    if (choice.index !== i) problems.push(`${at}.index: expected ${i}, got ${describeValue(choice.index)}`);
    if (!FINISH_REASONS.has(choice.finish_reason))
      problems.push(`${at}.finish_reason: expected one of ${[...FINISH_REASONS].join(', ')}, got ${describeValue(choice.finish_reason)}`);
    const message = choice.message as unknown as Record<string, unknown> | undefined;
    if (message === undefined || message === null) {
      problems.push(`${at}.message: missing`);
      return;
    }
    if (message['role'] !== 'assistant') problems.push(`${at}.message.role: expected "assistant", got ${describeValue(message['role'])}`);
    if (message['content'] !== null && typeof message['content'] !== 'string')
      problems.push(`${at}.message.content: expected a string or null, got ${describeValue(message['content'])}`);
    const calls = message['tool_calls'];
    if (calls !== undefined) {
      if (!Array.isArray(calls)) problems.push(`${at}.message.tool_calls: expected an array, got ${describeValue(calls)}`);
      else calls.forEach((call, j) => problems.push(...toolCallProblems(call, `${at}.message.tool_calls[${j}]`)));
    }
  });
  if (r.usage !== undefined) problems.push(...usageProblems(r.usage, 'usage'));
  return problems;
}

export function checkStreamShape(chunks: readonly ChatCompletionChunk[], expected: ExpectedChunks | undefined): string[] {
  const problems: string[] = [];
  if (chunks.length === 0) return ['the stream yielded no chunks'];
  const finished = new Set<number>();
  const openedCalls = new Set<string>();
  let contentChunks = 0;
  let argumentChunks = 0;
  chunks.forEach((chunk, n) => {
    const at = `chunk ${n}`;
    if (chunk === null || typeof chunk !== 'object') {
      problems.push(`${at}: expected an object, got ${describeValue(chunk)}`);
      return;
    }
    if (chunk.object !== 'chat.completion.chunk')
      problems.push(`${at}.object: expected "chat.completion.chunk", got ${describeValue(chunk.object)}`);
    if (!Array.isArray(chunk.choices)) {
      problems.push(`${at}.choices: expected an array (empty for a usage-only chunk), got ${describeValue(chunk.choices)}`);
      return;
    }
    if (chunk.usage !== undefined && chunk.usage !== null) problems.push(...usageProblems(chunk.usage, `${at}.usage`));
    for (const choice of chunk.choices) {
      if (typeof choice.index !== 'number') problems.push(`${at}.choices[].index: expected a number, got ${describeValue(choice.index)}`);
      if (choice.delta === null || typeof choice.delta !== 'object') {
        problems.push(`${at}.choices[${choice.index}].delta: expected an object, got ${describeValue(choice.delta)}`);
        continue;
      }
      if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
        if (!FINISH_REASONS.has(choice.finish_reason))
          problems.push(
            `${at}.finish_reason: expected one of ${[...FINISH_REASONS].join(', ')}, got ${describeValue(choice.finish_reason)}`,
          );
        if (finished.has(choice.index)) problems.push(`${at}: choice ${choice.index} finished a second time (${choice.finish_reason})`);
        finished.add(choice.index);
      }
      const { content } = choice.delta;
      if (content !== undefined && content !== null && typeof content !== 'string')
        problems.push(`${at}.delta.content: expected a string, got ${describeValue(content)}`);
      if (typeof content === 'string' && content !== '') contentChunks++;
      let carriesArguments = false;
      for (const call of choice.delta.tool_calls ?? []) {
        if (typeof call.index !== 'number') {
          problems.push(`${at}.delta.tool_calls[]: every fragment needs its call's index, got ${describeValue(call)}`);
          continue;
        }
        const key = `${choice.index}/${call.index}`;
        if (!openedCalls.has(key)) {
          openedCalls.add(key);
          if (!call.id) problems.push(`${at}: the first fragment of tool call ${call.index} must carry its id`);
          if (!call.function?.name) problems.push(`${at}: the first fragment of tool call ${call.index} must carry its function name`);
        }
        const args = call.function?.arguments;
        if (args !== undefined && typeof args !== 'string')
          problems.push(`${at}: tool call ${call.index} arguments must be a string fragment, got ${describeValue(args)}`);
        if (typeof args === 'string' && args !== '') carriesArguments = true;
      }
      if (carriesArguments) argumentChunks++;
    }
  });
  if (finished.size === 0) problems.push('no chunk carried a finish_reason');
  const minContent = expected?.minContentChunks;
  if (minContent !== undefined && contentChunks < minContent) {
    problems.push(`expected the text in at least ${minContent} chunks (streamed as it arrives), got ${contentChunks}`);
  }
  const minArguments = expected?.minToolArgumentChunks;
  if (minArguments !== undefined && argumentChunks < minArguments) {
    problems.push(
      `expected tool-call arguments in at least ${minArguments} chunks (fragments passed on as they arrive), got ${argumentChunks}`,
    );
  }
  return problems;
}

function toolCallProblems(call: unknown, at: string): string[] {
  const c = call as { id?: unknown; type?: unknown; function?: { name?: unknown; arguments?: unknown } } | null;
  if (c === null || typeof c !== 'object') return [`${at}: expected an object, got ${describeValue(call)}`];
  const problems: string[] = [];
  if (typeof c.id !== 'string' || c.id === '') problems.push(`${at}.id: expected a non-empty string, got ${describeValue(c.id)}`);
  if (c.type !== 'function') problems.push(`${at}.type: expected "function", got ${describeValue(c.type)}`);
  if (typeof c.function?.name !== 'string') problems.push(`${at}.function.name: expected a string, got ${describeValue(c.function?.name)}`);
  if (typeof c.function?.arguments !== 'string')
    problems.push(`${at}.function.arguments: expected a JSON string, got ${describeValue(c.function?.arguments)}`);
  return problems;
}

function usageProblems(usage: unknown, at: string): string[] {
  const u = usage as Record<string, unknown> | null;
  if (u === null || typeof u !== 'object') return [`${at}: expected an object, got ${describeValue(usage)}`];
  const problems: string[] = [];
  for (const field of ['prompt_tokens', 'completion_tokens', 'total_tokens']) {
    if (typeof u[field] !== 'number' || !Number.isFinite(u[field]))
      problems.push(`${at}.${field}: expected a number, got ${describeValue(u[field])}`);
  }
  return problems;
}

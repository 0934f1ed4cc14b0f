/**
 * The chunks a mock reply streams as. Pure and deterministic.
 */
import { ConfigurationError } from '../../base/errors.js';
import type { ChatCompletionChunk, ChatRequest, MockResponseSpec, MockToolCall, Usage } from '../../base/types.js';

const MOCK_CREATED = 1_700_000_000;

/** Splits `text` into `parts` pieces of near-equal word counts (default: one per word). */
export function splitText(text: string, parts?: number): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  const n = Math.max(1, Math.min(parts ?? words.length, words.length));
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(words.slice(Math.floor((i * words.length) / n), Math.floor(((i + 1) * words.length) / n)).join(''));
  return out.filter((p) => p !== '');
}

/** The text a mock echoes when no content is given. */
function defaultMockContent(request: ChatRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const m = request.messages[i]!;
    if (m.role !== 'user') continue;
    const text = typeof m.content === 'string' ? m.content : m.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
    return `Mock reply to: ${text}`;
  }
  return 'Mock reply.';
}

export function buildMockChunks(request: ChatRequest, spec: MockResponseSpec, model: string): ChatCompletionChunk[] {
  const id = 'chatcmpl-mock';
  const base = { id, object: 'chat.completion.chunk' as const, created: MOCK_CREATED, model };
  const toolCalls = mockToolCalls(spec.tool_calls);
  const given = Array.isArray(spec.chunks) ? mockChunkList(spec.chunks, spec.content) : undefined;
  const content = given?.join('') ?? spec.content ?? (toolCalls.length > 0 ? '' : defaultMockContent(request));
  const chunks: ChatCompletionChunk[] = [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
  ];
  if (spec.reasoning_content) {
    chunks.push({ ...base, choices: [{ index: 0, delta: { reasoning_content: spec.reasoning_content }, finish_reason: null }] });
  }
  const pieces = given?.filter((piece) => piece !== '') ?? (content === '' ? [] : splitText(content, spec.chunks as number | undefined));
  for (const piece of pieces) chunks.push({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
  toolCalls.forEach((call, index) => {
    const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
    const half = Math.ceil(args.length / 2);
    chunks.push({
      ...base,
      choices: [
        {
          index: 0,
          delta: {
            tool_calls: [
              {
                index,
                id: call.id ?? `call_mock_${index}`,
                type: 'function',
                function: { name: call.name, arguments: args.slice(0, half) },
              },
            ],
          },
          finish_reason: null,
        },
      ],
    });
    if (args.length > half) {
      chunks.push({
        ...base,
        choices: [{ index: 0, delta: { tool_calls: [{ index, function: { arguments: args.slice(half) } }] }, finish_reason: null }],
      });
    }
  });
  const finish = spec.finish_reason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop');
  chunks.push({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finish }] });
  const promptTokens = Math.ceil(JSON.stringify(request.messages).length / 4);
  const completionTokens = pieces.length + toolCalls.length;
  const usage: Usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    ...spec.usage,
  };
  if (spec.usage !== undefined && spec.usage.total_tokens === undefined) usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  chunks.push({ ...base, choices: [], usage });
  return chunks;
}

/** `mock_response.chunks` given as the pieces themselves; they must spell `content` when both are given. */
function mockChunkList(chunks: unknown[], content: string | undefined): string[] {
  if (!chunks.every((piece): piece is string => typeof piece === 'string')) {
    throw new ConfigurationError('mock_response.chunks must be a number of chunks or an array of strings, like ["Hel", "lo"]');
  }
  if (content !== undefined && chunks.join('') !== content) {
    throw new ConfigurationError(
      `mock_response.chunks spell ${JSON.stringify(chunks.join(''))}, not its content ${JSON.stringify(content)}; give one of them`,
    );
  }
  return chunks;
}

/** `mock_response.tool_calls`, flat or OpenAI-shaped, as flat calls. */
function mockToolCalls(calls: MockResponseSpec['tool_calls'] | undefined): MockToolCall[] {
  if (calls === undefined) return [];
  if (!Array.isArray(calls))
    throw new ConfigurationError(
      'mock_response.tool_calls must be an array of { name, arguments } or { type: "function", function: { name, arguments } }',
    );
  return calls.map((call: unknown, i) => {
    const outer = (call ?? {}) as { id?: unknown; function?: unknown };
    const inner = (typeof outer.function === 'object' && outer.function !== null ? outer.function : outer) as {
      id?: unknown;
      name?: unknown;
      arguments?: unknown;
    };
    const args = inner.arguments ?? {};
    if (typeof inner.name !== 'string' || inner.name === '' || (typeof args !== 'string' && (typeof args !== 'object' || args === null))) {
      throw new ConfigurationError(
        `mock_response.tool_calls[${i}] is ${JSON.stringify(call)}; expected { name, arguments } or { id, type: "function", function: { name, arguments } }, with arguments a JSON string or an object`,
      );
    }
    const id = outer.id ?? inner.id;
    return { ...(typeof id === 'string' ? { id } : {}), name: inner.name, arguments: args as MockToolCall['arguments'] };
  });
}

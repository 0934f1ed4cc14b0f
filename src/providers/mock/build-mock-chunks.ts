/**
 * The chunks a mock reply streams as. Pure and deterministic.
 */
import type { ChatCompletionChunk, ChatRequest, MockResponseSpec, Usage } from '../../types.js';

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
export function defaultMockContent(request: ChatRequest): string {
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
  const toolCalls = spec.tool_calls ?? [];
  const content = spec.content ?? (toolCalls.length > 0 ? '' : defaultMockContent(request));
  const chunks: ChatCompletionChunk[] = [{ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }];
  if (spec.reasoning_content) {
    chunks.push({ ...base, choices: [{ index: 0, delta: { reasoning_content: spec.reasoning_content }, finish_reason: null }] });
  }
  const pieces = content === '' ? [] : splitText(content, spec.chunks);
  for (const piece of pieces) chunks.push({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
  toolCalls.forEach((call, index) => {
    const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
    const half = Math.ceil(args.length / 2);
    chunks.push({
      ...base,
      choices: [{ index: 0, delta: { tool_calls: [{ index, id: call.id ?? `call_mock_${index}`, type: 'function', function: { name: call.name, arguments: args.slice(0, half) } }] }, finish_reason: null }],
    });
    if (args.length > half) {
      chunks.push({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index, function: { arguments: args.slice(half) } }] }, finish_reason: null }] });
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

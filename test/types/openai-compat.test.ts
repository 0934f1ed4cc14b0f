/**
 * Type-level proof of what the README's Types section says about llmux's wire types and
 * openai-node's: which are assignable each way, and where that stops (custom tools). Checked by
 * the compiler when the test suite builds; the runtime part sends openai-typed values through llmux.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type OpenAI from 'openai';
import { createClient } from '../../src/index.js';
import type {
  ChatCompletionChunk,
  ChatCompletionMessageParam,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
  ModelResponse,
  ResponseFormat,
  Usage,
} from '../../src/index.js';

type Assignable<A, B> = [A] extends [B] ? true : false;
type Expect<T extends true> = T;
type Not<T extends boolean> = T extends true ? false : true;

/** openai-node's ChatCompletion with its tool calls narrowed to function calls, the only kind llmux models. */
type ChatCompletionWithFunctionCalls = Omit<OpenAI.ChatCompletion, 'choices'> & {
  choices: (Omit<OpenAI.ChatCompletion.Choice, 'message'> & {
    message: Omit<OpenAI.ChatCompletionMessage, 'tool_calls'> & { tool_calls?: OpenAI.ChatCompletionMessageFunctionToolCall[] };
  })[];
};

export type MessagesFromOpenAI = Expect<Assignable<OpenAI.ChatCompletionMessageParam, ChatCompletionMessageParam>>;
export type MessagesToOpenAI = Expect<
  Assignable<Exclude<ChatCompletionMessageParam, { role: 'function' }>, OpenAI.ChatCompletionMessageParam>
>;
export type ResponseToOpenAI = Expect<Assignable<ModelResponse, OpenAI.ChatCompletion>>;
export type ChunkToOpenAI = Expect<Assignable<ChatCompletionChunk, OpenAI.ChatCompletionChunk>>;
export type ChunkFromOpenAI = Expect<Assignable<OpenAI.ChatCompletionChunk, ChatCompletionChunk>>;
export type UsageBothWays = Expect<Assignable<OpenAI.CompletionUsage, Usage>> & Expect<Assignable<Usage, OpenAI.CompletionUsage>>;
export type ResponseFromOpenAI = Expect<Assignable<ChatCompletionWithFunctionCalls, ModelResponse>>;
export type ToolsFromOpenAI = Expect<Assignable<OpenAI.ChatCompletionFunctionTool[], ChatCompletionTool[]>>;
export type ToolsToOpenAI = Expect<Assignable<ChatCompletionTool[], OpenAI.ChatCompletionTool[]>>;
// Where it stops, so the README's claim stays exact: custom (free-form input) tools and the
// custom tool calls they produce are not llmux types.
export type CustomToolsNotAccepted = Expect<Not<Assignable<OpenAI.ChatCompletionCustomTool, ChatCompletionTool>>>;
export type CustomToolCallsNotAccepted = Expect<Not<Assignable<OpenAI.ChatCompletion, ModelResponse>>>;
export type ToolChoiceFromOpenAI = Expect<
  Assignable<Exclude<OpenAI.ChatCompletionToolChoiceOption, { type: 'allowed_tools' | 'custom' }>, ChatCompletionToolChoiceOption>
>;
export type ResponseFormatFromOpenAI = Expect<
  Assignable<OpenAI.ResponseFormatJSONSchema | OpenAI.ResponseFormatJSONObject | OpenAI.ResponseFormatText, ResponseFormat>
>;

it('openai-typed messages go in, and the response is usable as an OpenAI ChatCompletion', async () => {
  const history: OpenAI.ChatCompletionMessageParam[] = [
    { role: 'system', content: 'Be brief.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'weather?' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
      ],
    },
    { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'w', arguments: '{}' } }] },
    { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
    { role: 'user', content: 'thanks' },
  ];
  const response = await createClient({ env: {} }).complete({ model: 'mock/m', messages: history });
  const asOpenAI: OpenAI.ChatCompletion = response;
  assert.equal(asOpenAI.choices[0]?.message.content, 'Mock reply to: thanks');
  assert.equal(asOpenAI.object, 'chat.completion');
});

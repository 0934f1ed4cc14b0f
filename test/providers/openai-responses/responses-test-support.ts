/** Responses API bodies and event streams shared by the adapter tests (shapes as OpenAI documents them). */
export const KEY = 'sk-proj-responses-0123456789abcdef-sentinel';

const USAGE = {
  input_tokens: 120,
  input_tokens_details: { cached_tokens: 20 },
  output_tokens: 60,
  output_tokens_details: { reasoning_tokens: 40 },
  total_tokens: 180,
};

export function textBody(model: string, text = 'Hello from Responses.'): Record<string, unknown> {
  return {
    id: 'resp_text_1',
    object: 'response',
    created_at: 1760000000,
    status: 'completed',
    model,
    output: [
      { type: 'reasoning', id: 'rs_text_1', summary: [], encrypted_content: 'gAAAA-text-reasoning' },
      { type: 'message', id: 'msg_1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] },
    ],
    usage: USAGE,
  };
}

const created = (model: string, id: string): Record<string, unknown> => ({
  id,
  object: 'response',
  created_at: 1760000000,
  status: 'in_progress',
  model,
  output: [],
});

/** A streamed text answer, with a reasoning summary. */
export function textEvents(model: string, text = 'Hello from Responses.'): Record<string, unknown>[] {
  const half = Math.floor(text.length / 2);
  let n = 0;
  const e = (event: Record<string, unknown>): Record<string, unknown> => ({ ...event, sequence_number: n++ });
  return [
    e({ type: 'response.created', response: created(model, 'resp_stream_1') }),
    e({ type: 'response.in_progress', response: created(model, 'resp_stream_1') }),
    e({ type: 'response.output_item.added', output_index: 0, item: { type: 'reasoning', id: 'rs_s1', summary: [] } }),
    e({ type: 'response.reasoning_summary_text.delta', item_id: 'rs_s1', output_index: 0, summary_index: 0, delta: 'Greeting ' }),
    e({
      type: 'response.reasoning_summary_text.delta',
      item_id: 'rs_s1',
      output_index: 0,
      summary_index: 0,
      delta: 'the user — ünïcode 🙂.',
    }),
    e({
      type: 'response.output_item.done',
      output_index: 0,
      item: {
        type: 'reasoning',
        id: 'rs_s1',
        summary: [{ type: 'summary_text', text: 'Greeting the user — ünïcode 🙂.' }],
        encrypted_content: 'gAAAA-s1',
      },
    }),
    e({
      type: 'response.output_item.added',
      output_index: 1,
      item: { type: 'message', id: 'msg_s1', role: 'assistant', status: 'in_progress', content: [] },
    }),
    e({
      type: 'response.content_part.added',
      item_id: 'msg_s1',
      output_index: 1,
      content_index: 0,
      part: { type: 'output_text', text: '', annotations: [] },
    }),
    e({ type: 'response.output_text.delta', item_id: 'msg_s1', output_index: 1, content_index: 0, delta: text.slice(0, half) }),
    e({ type: 'response.output_text.delta', item_id: 'msg_s1', output_index: 1, content_index: 0, delta: text.slice(half) }),
    e({ type: 'response.output_text.done', item_id: 'msg_s1', output_index: 1, content_index: 0, text }),
    e({
      type: 'response.output_item.done',
      output_index: 1,
      item: {
        type: 'message',
        id: 'msg_s1',
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text, annotations: [] }],
      },
    }),
    e({ type: 'response.completed', response: { ...created(model, 'resp_stream_1'), status: 'completed', usage: USAGE } }),
  ];
}

/** A streamed turn that reasons and calls a tool: the encrypted reasoning arrives on the item's done event. */
export function toolEvents(model: string): Record<string, unknown>[] {
  let n = 0;
  const e = (event: Record<string, unknown>): Record<string, unknown> => ({ ...event, sequence_number: n++ });
  return [
    e({ type: 'response.created', response: created(model, 'resp_tool_1') }),
    e({
      type: 'response.output_item.added',
      output_index: 0,
      item: { type: 'reasoning', id: 'rs_tool_1', summary: [], encrypted_content: null },
    }),
    e({
      type: 'response.reasoning_summary_text.delta',
      item_id: 'rs_tool_1',
      output_index: 0,
      summary_index: 0,
      delta: 'Need the weather.',
    }),
    e({
      type: 'response.output_item.done',
      output_index: 0,
      item: {
        type: 'reasoning',
        id: 'rs_tool_1',
        summary: [{ type: 'summary_text', text: 'Need the weather.' }],
        encrypted_content: 'gAAAA-encrypted-turn-1',
      },
    }),
    e({
      type: 'response.output_item.added',
      output_index: 1,
      item: { type: 'function_call', id: 'fc_1', call_id: 'call_weather_1', name: 'get_weather', arguments: '', status: 'in_progress' },
    }),
    e({ type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 1, delta: '{"city":' }),
    e({ type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 1, delta: '"Paris"}' }),
    e({ type: 'response.function_call_arguments.done', item_id: 'fc_1', output_index: 1, arguments: '{"city":"Paris"}' }),
    e({
      type: 'response.output_item.done',
      output_index: 1,
      item: {
        type: 'function_call',
        id: 'fc_1',
        call_id: 'call_weather_1',
        name: 'get_weather',
        arguments: '{"city":"Paris"}',
        status: 'completed',
      },
    }),
    e({ type: 'response.completed', response: { ...created(model, 'resp_tool_1'), status: 'completed', usage: USAGE } }),
  ];
}

/** Events as an SSE body, each with its `event:` line as OpenAI sends them. */
export function sseText(events: readonly Record<string, unknown>[]): string {
  return events.map((ev) => `event: ${String(ev['type'])}\ndata: ${JSON.stringify(ev)}\n\n`).join('');
}

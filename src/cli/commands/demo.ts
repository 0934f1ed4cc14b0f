/**
 * `llmux demo`: a guided tour over real HTTP against the in-process mock server (completion,
 * stream, tool round trip, a recovered 429, a cut stream), then one real call when a key is set.
 */
import { createClient, type LlmuxClient } from '../../client.js';
import { knownProviders } from '../../index.js';
import { redactText } from '../../util/redact.js';
import { isLlmuxError } from '../../base/errors.js';
import { type MockServer, startMockServer } from '../../mock-server/index.js';
import type { ChatCompletionMessageParam, ChatCompletionTool } from '../../base/types.js';
import { collectSecrets } from '../collect-secrets.js';
import { type Printer, createPrinter } from '../create-printer.js';
import { formatUsage } from '../format-usage.js';
import { MOCK_MODEL, pickDefaultModel } from '../pick-default-model.js';

const MODEL = 'openai/gpt-4o-mini';

const WEATHER_TOOL: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string', description: 'City name, e.g. Paris' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      },
      required: ['city', 'unit'],
      additionalProperties: false,
    },
  },
};

export async function runDemo(argv: string[]): Promise<number> {
  if (argv.length > 0) {
    process.stderr.write(`llmux demo: takes no arguments; got ${argv.join(' ')}\n`);
    return 2;
  }
  const p = createPrinter();
  const server = await startMockServer({ apiKey: 'demo-key' });
  const client = createClient({
    providers: { openai: { baseURL: server.openaiBaseURL, apiKey: 'demo-key' } },
    callbacks: { onRetry: ({ error, delayMs }) => p.line(`  ${error.status ?? error.name} -> retrying in ${Math.round(delayMs)} ms`) },
  });
  p.line(`llmux demo: a mock server is listening on ${server.url}; every call below is real HTTP to it.`);

  let failures = 0;
  const step = async (title: string, body: () => Promise<void>): Promise<void> => {
    p.heading(title);
    try {
      await body();
    } catch (error) {
      failures += 1;
      p.line();
      p.line(`  failed: ${describe(error)}`);
    }
  };

  try {
    await step('1. Completion', () => showCompletion(p, client));
    await step('2. Stream', () => showStream(p, client));
    await step('3. Tool call', () => showToolCall(p, client));
    await step('4. Recovered 429', () => showRecoveredRateLimit(p, client, server));
    await step('5. Stream cut mid-way', () => showCutStream(p, client, server));
    await showRealProvider(p);
  } finally {
    client.close();
    await server.close();
  }
  p.line();
  p.line(failures === 0 ? 'Demo complete.' : `Demo finished with ${failures} failed step(s).`);
  return failures === 0 ? 0 : 1;
}

async function showCompletion(p: Printer, client: LlmuxClient): Promise<void> {
  const response = await client.complete({ model: MODEL, messages: [{ role: 'user', content: 'Say hello to llmux.' }] });
  p.line(`  ${response.choices[0]?.message.content ?? ''}`);
  p.line(`  ${formatUsage(response)}`);
}

async function showStream(p: Printer, client: LlmuxClient): Promise<void> {
  const stream = client.stream({ model: MODEL, messages: [{ role: 'user', content: 'Stream this sentence word by word.' }] });
  let deltas = 0;
  p.write('  ');
  for await (const text of stream.textStream) {
    p.write(text);
    deltas += 1;
  }
  p.line();
  p.line(`  ${deltas} deltas arrived; finalResponse() assembled them:`);
  p.line(`  ${formatUsage(await stream.finalResponse())}`);
}

async function showToolCall(p: Printer, client: LlmuxClient): Promise<void> {
  const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
  const first = await client.complete({ model: MODEL, messages, tools: [WEATHER_TOOL] });
  const call = first.choices[0]?.message.tool_calls?.[0];
  if (call === undefined) throw new Error(`expected a tool call, got finish_reason ${first.choices[0]?.finish_reason}`);
  const args = JSON.parse(call.function.arguments) as Record<string, unknown>;
  p.line(`  the model called ${call.function.name} with ${JSON.stringify(args)} (the mock fills arguments from the schema)`);

  const result = { city: args['city'], temperature: 18, unit: args['unit'], conditions: 'sunny' };
  p.line(`  sending the tool result back: ${JSON.stringify(result)}`);
  const second = await client.complete({
    model: MODEL,
    tools: [WEATHER_TOOL],
    messages: [
      ...messages,
      { role: 'assistant', content: null, tool_calls: [call] },
      { role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) },
    ],
  });
  p.line(`  final answer: ${second.choices[0]?.message.content ?? ''}`);
}

async function showRecoveredRateLimit(p: Printer, client: LlmuxClient, server: MockServer): Promise<void> {
  server.injectFaults([{ status: 429, retryAfterMs: 200 }]);
  p.line('  the server will answer the next request with 429 and retry-after-ms: 200');
  const before = server.requests.length;
  const response = await client.complete({ model: MODEL, messages: [{ role: 'user', content: 'Try again, politely.' }] });
  p.line(`  recovered after ${server.requests.length - before} requests: ${response.choices[0]?.message.content ?? ''}`);
}

async function showCutStream(p: Printer, client: LlmuxClient, server: MockServer): Promise<void> {
  server.injectFaults([{ resetAfterChunks: 3 }]);
  p.line('  the server will drop the connection after 3 events; retries are off for this call');
  const stream = client.stream(
    { model: MODEL, messages: [{ role: 'user', content: 'Tell me a long story about a stream that gets cut off.' }] },
    { maxRetries: 0 },
  );
  p.write('  ');
  try {
    for await (const text of stream.textStream) p.write(text);
  } catch (error) {
    p.line();
    if (!isLlmuxError(error)) throw error;
    p.line(`  caught ${error.name}: ${error.message}`);
    p.line(`  partial text carried by the error: ${JSON.stringify(error.partialText)}`);
    return;
  }
  throw new Error('the stream completed although the server was told to cut it');
}

/** One short call to a real provider when the environment has a key; errors are shown, not fatal. */
async function showRealProvider(p: Printer): Promise<void> {
  // Chosen by key alone: LLMUX_MODEL might name the mock or a local server, which proves nothing here.
  const { model } = pickDefaultModel({ ...process.env, LLMUX_MODEL: undefined }, knownProviders());
  if (model === MOCK_MODEL) {
    p.line();
    p.line('Set OPENAI_API_KEY, ANTHROPIC_API_KEY or OPENROUTER_API_KEY to end the demo with one real call.');
    return;
  }
  p.heading(`6. A real call: ${model}`);
  const client = createClient({ maxRetries: 1, timeout: 30_000 });
  try {
    const response = await client.complete({
      model,
      max_tokens: 40,
      messages: [{ role: 'user', content: 'In one short sentence, say hello to llmux.' }],
    });
    p.line(`  ${response.choices[0]?.message.content ?? ''}`);
    p.line(`  ${formatUsage(response)}`);
  } catch (error) {
    p.line(`  error: ${describe(error)}`);
  } finally {
    client.close();
  }
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return redactText(text, collectSecrets(process.env));
}

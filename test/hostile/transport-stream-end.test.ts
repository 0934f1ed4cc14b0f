/**
 * A stream ends when its protocol says so: after `data: [DONE]` (OpenAI shape) or
 * `message_stop` (Anthropic) the stream completes at once and lets the connection go, even when
 * the server keeps it open and keeps sending `: ping` comments. Before, the stream waited for
 * the idle timeout (never reached while pings arrive) and then failed a whole answer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from '../../src/index.js';
import { type HostileServer, TRANSPORTS, startHostileServer, within } from './transport-support.js';

const openaiChunk = (delta: object, finish: string | null): string =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const OPENAI = openaiChunk({ role: 'assistant', content: 'Hi there' }, null) + openaiChunk({}, 'stop') + 'data: [DONE]\n\n';

const anthropicEvent = (type: string, body: object): string => `event: ${type}\ndata: ${JSON.stringify({ type, ...body })}\n\n`;
const ANTHROPIC =
  anthropicEvent('message_start', {
    message: {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'm',
      content: [],
      stop_reason: null,
      usage: { input_tokens: 3, output_tokens: 0 },
    },
  }) +
  anthropicEvent('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }) +
  anthropicEvent('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Hi there' } }) +
  anthropicEvent('content_block_stop', { index: 0 }) +
  anthropicEvent('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } }) +
  anthropicEvent('message_stop', {});

describe('hostile transport: a stream ends at its terminator', () => {
  let server: HostileServer;
  const timers = new Set<ReturnType<typeof setInterval>>();
  before(async () => {
    server = await startHostileServer((req, res) => {
      const [, provider, keep] = (req.url ?? '').split('/');
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(provider === 'openai' ? OPENAI : ANTHROPIC);
      if (keep === 'silent') return;
      // `: ping` every 20 ms for as long as the client stays.
      const timer = setInterval(() => res.write(': ping\n\n'), 20);
      timers.add(timer);
      res.on('close', () => {
        clearInterval(timer);
        timers.delete(timer);
      });
    });
  });
  after(async () => {
    for (const timer of timers) clearInterval(timer);
    await server.close();
  });

  for (const [name, make] of TRANSPORTS) {
    for (const provider of ['openai', 'anthropic'] as const) {
      for (const keep of ['pings', 'silent'] as const) {
        it(`${name}: ${provider} completes at its terminator and releases the connection, the server then ${keep === 'pings' ? 'sending pings' : 'silent with the connection open'}`, async () => {
          const path = `/${provider}/${keep}/${name}`;
          // A long idle timeout: the stream must not need it to end.
          const client = createClient({
            env: {},
            maxRetries: 0,
            timeout: 60_000,
            transport: make(),
            providers: { [provider]: { baseURL: `${server.url}${path}`, apiKey: 'k' } },
          });
          try {
            const stream = client.stream({ model: `${provider}/m`, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
            const texts: string[] = [];
            await within(
              (async () => {
                for await (const text of stream.textStream) texts.push(text);
              })(),
              5_000,
              'the stream end',
            );
            assert.deepEqual(texts, ['Hi there']);
            const response = await stream.finalResponse();
            assert.equal(response.choices[0]!.message.content, 'Hi there');
            assert.equal(response.choices[0]!.finish_reason, 'stop');
            // The server sees its connection closed: nothing holds it once the answer is whole.
            const url = provider === 'openai' ? `${path}/chat/completions` : `${path}/v1/messages`;
            await within(server.closed(url), 5_000, 'the connection release');
          } finally {
            client.close();
          }
        });
      }
    }
  }
});

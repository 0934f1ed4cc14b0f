/**
 * A local OpenAI-shaped provider for the Router's hostile tests: each request is answered by
 * the current `reply` function, which can answer a completion, fail with any status, headers and
 * body, or stream with a gate the test opens (to act in the middle of a stream).
 */
import { startTestServer } from '../helpers/test-server.js';

type ProviderReply =
  | { kind: 'ok'; text?: string; gate?: Promise<void>; usage?: object }
  | { kind: 'error'; status: number; headers?: Record<string, string>; body: string }
  | { kind: 'stream'; text?: string; gate?: Promise<void> };

export interface LocalProvider {
  baseURL: string;
  /** Requests received, with their Authorization header. */
  hits: { authorization: string | undefined; stream: boolean }[];
  reply: (n: number) => ProviderReply;
  close(): Promise<void>;
}

const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };

const chunk = (delta: object, finish: string | null, extra: object = {}): string =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;

export async function startLocalProvider(): Promise<LocalProvider> {
  const provider: LocalProvider = {
    baseURL: '',
    hits: [],
    reply: () => ({ kind: 'ok' }),
    close: () => server.close(),
  };
  const server = await startTestServer(
    (req, res, { json }) => {
      // A body that is not JSON is answered like any other request.
      const stream = (json as { stream?: boolean } | undefined)?.stream === true;
      provider.hits.push({ authorization: req.headers.authorization, stream });
      const reply = provider.reply(provider.hits.length - 1);
      if (reply.kind === 'error') {
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(reply.body);
        return;
      }
      const text = reply.text ?? 'Hello there';
      if (!stream) {
        const answer = (): void => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              id: 'c1',
              object: 'chat.completion',
              created: 1,
              model: 'gpt-4o',
              choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
              usage: (reply.kind === 'ok' ? reply.usage : undefined) ?? usage,
            }),
          );
        };
        if (reply.gate !== undefined) void reply.gate.then(answer);
        else answer();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk({ role: 'assistant', content: text.slice(0, 3) }, null));
      const finish = (): void => {
        res.write(chunk({ content: text.slice(3) }, null));
        res.write(chunk({}, 'stop', { usage }));
        res.end('data: [DONE]\n\n');
      };
      if (reply.gate !== undefined) void reply.gate.then(finish);
      else finish();
    },
    { record: false },
  );
  provider.baseURL = `${server.url}/v1`;
  return provider;
}

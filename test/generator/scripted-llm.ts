/**
 * A scripted OpenAI-compatible LLM on 127.0.0.1: each chat request gets the next prepared answer
 * (a JSON object, sent as the message content, streamed or not as asked), and every request body
 * is kept so tests can read the prompts. Also serves docs pages under GET /docs/<name>.
 */
import { startTestServer } from '../helpers/test-server.js';

export interface ScriptedLlm {
  url: string;
  /** The chat request bodies, in order. */
  requests: any[];
  close(): Promise<void>;
}

export async function startScriptedLlm(answers: unknown[], pages: Record<string, string> = {}): Promise<ScriptedLlm> {
  const script = [...answers];
  const requests: any[] = [];
  const server = await startTestServer(
    (req, res, { body }) => {
      if (req.method === 'GET' && req.url?.startsWith('/docs/')) {
        const page = pages[req.url.slice('/docs/'.length)];
        res.writeHead(page === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page ?? 'not found');
        return;
      }
      const json = JSON.parse(body);
      requests.push(json);
      const answer = script.shift();
      if (answer === undefined) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'the script has no more answers', type: 'server_error' } }));
        return;
      }
      const content = JSON.stringify(answer);
      const usage = { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 };
      if (json.stream === true) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const base = { id: 'chatcmpl-s', object: 'chat.completion.chunk', created: 1, model: json.model };
        res.write(
          `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content }, finish_reason: null }] })}\n\n`,
        );
        res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
        res.write(`data: ${JSON.stringify({ ...base, choices: [], usage })}\n\n`);
        res.end('data: [DONE]\n\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-s',
          object: 'chat.completion',
          created: 1,
          model: json.model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage,
        }),
      );
    },
    { record: false },
  );
  return { url: server.url, requests, close: server.close };
}

/** Every message text of a chat request, joined: what the model was told. */
export function promptText(request: any): string {
  return (request.messages as { content: unknown }[])
    .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)))
    .join('\n');
}

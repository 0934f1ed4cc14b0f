/**
 * A fake Acme Inference API (the fictional provider of test/__fixtures__/generator/acme-api.md):
 * POST /v2/generate with the X-Acme-Key header, Acme's own body, named SSE events ending in
 * `bye`, `fault` error bodies and Acme-Retry-In, and tools: a `toolbox`, `tool_mode`, calls in
 * `output.calls` or as `tool_call`/`tool_args` events, results sent back as `tool` turns. It
 * refuses (400) tools or turns not shaped as the docs say. Enough of it for the kit's live checks.
 */
import type * as http from 'node:http';
import { startTestServer } from '../helpers/test-server.js';

export interface FakeAcme {
  url: string;
  /** The X-Acme-Key values received. */
  keys: string[];
  close(): Promise<void>;
}

/** What in a request body is not as Acme's docs say, or undefined. */
function shapeProblem(body: Record<string, any>): string | undefined {
  if (!Array.isArray(body['turns'])) return 'turns must be an array';
  for (const [i, turn] of (body['turns'] as Record<string, any>[]).entries()) {
    if (!['human', 'bot', 'tool'].includes(turn['speaker'])) return `turns[${i}].speaker must be human, bot or tool`;
    if (typeof turn['text'] !== 'string') return `turns[${i}].text must be a string`;
    if (turn['speaker'] === 'tool' && typeof turn['call_id'] !== 'string') return `turns[${i}]: a tool turn needs call_id`;
    for (const call of turn['calls'] ?? []) {
      if (typeof call.call_id !== 'string' || typeof call.tool !== 'string' || call.args === null || typeof call.args !== 'object')
        return `turns[${i}].calls: each call is { call_id, tool, args (an object) }`;
    }
  }
  if (body['toolbox'] !== undefined) {
    if (!Array.isArray(body['toolbox'])) return 'toolbox must be an array';
    for (const tool of body['toolbox'])
      if (typeof tool.name !== 'string' || tool.input_schema?.type !== 'object')
        return 'toolbox entries are { name, summary, input_schema }';
  }
  const mode = body['tool_mode'];
  if (mode !== undefined && !['auto', 'none', 'any'].includes(mode) && typeof mode?.tool !== 'string')
    return 'tool_mode must be auto, none, any or { tool }';
  return undefined;
}

export async function startFakeAcme(validKey: string): Promise<FakeAcme> {
  const keys: string[] = [];
  const fault = (res: http.ServerResponse, status: number, kind: string, detail: string): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ fault: { kind, detail } }));
  };
  async function answer(req: http.IncomingMessage, res: http.ServerResponse, raw: string): Promise<void> {
    const key = req.headers['x-acme-key'];
    keys.push(String(key));
    if (req.method !== 'POST' || req.url !== '/v2/generate') return fault(res, 404, 'not_found', `no route ${req.method} ${req.url}`);
    if (key !== validKey) return fault(res, 401, 'bad_key', 'The key is not valid');
    const body = JSON.parse(raw);
    if (body.model !== 'acme-swift-1') return fault(res, 404, 'unknown_model', `no model ${body.model}`);
    const wrong = shapeProblem(body);
    if (wrong !== undefined) return fault(res, 400, 'bad_request', wrong);
    const prompt: string = body.turns
      .filter((t: { speaker: string }) => t.speaker === 'human')
      .map((t: { text: string }) => t.text)
      .join(' ');
    const weather = /weather in ([A-Z][a-z]+)/.exec(prompt);
    const offered = (body.toolbox ?? []).some((t: { name: string }) => t.name === 'get_weather');
    const answered = body.turns.some((t: { speaker: string }) => t.speaker === 'tool');
    if (weather && offered && body.tool_mode !== 'none' && !answered) return callWeather(res, body, weather[1]!);
    let text = 'Hello from Acme.';
    const exact = /Reply with exactly this text and nothing else: (.*)$/.exec(prompt);
    if (exact) text = exact[1]!;
    else if (/Count from 1 to 400/.test(prompt)) text = Array.from({ length: 400 }, (_, i) => String(i + 1)).join(' ');
    else if (/story/.test(prompt)) text = 'The lighthouse keeper woke before dawn and';
    const pieces = [...text.matchAll(/\S+\s*|\s+/g)].map((m) => m[0]);
    let end = 'complete';
    if (typeof body.max_output === 'number' && pieces.length > body.max_output) {
      pieces.length = body.max_output;
      end = 'max_output';
    }
    const meter = { input_units: prompt.split(/\s+/).length, output_units: pieces.length };
    if (body.stream !== true) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ generation_id: 'gen_live', model: body.model, output: { text: pieces.join(''), end }, meter }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const send = (event: string, data: unknown): boolean => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send('start', { generation_id: 'gen_live', model: body.model });
    for (const piece of pieces) {
      if (res.destroyed) return;
      send('delta', { text: piece });
      if (pieces.length > 50) await new Promise((r) => setTimeout(r, 5));
    }
    send('end', { end, meter });
    send('bye', {});
    res.end();
  }
  function callWeather(res: http.ServerResponse, body: { model: string; stream?: boolean }, city: string): void {
    const meter = { input_units: 31, output_units: 9 };
    if (body.stream !== true) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          generation_id: 'gen_live_t',
          model: body.model,
          output: { text: '', end: 'tool_call', calls: [{ call_id: 'call_live1', tool: 'get_weather', args: { city } }] },
          meter,
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const send = (event: string, data: unknown): boolean => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send('start', { generation_id: 'gen_live_t', model: body.model });
    send('tool_call', { index: 0, call_id: 'call_live1', tool: 'get_weather' });
    for (const fragment of ['{"ci', 'ty": ', JSON.stringify(city), '}']) send('tool_args', { index: 0, fragment });
    send('end', { end: 'tool_call', meter });
    send('bye', {});
    res.end();
  }
  const server = await startTestServer((req, res, { body }) => answer(req, res, body), { record: false });
  return { url: server.url, keys, close: server.close };
}

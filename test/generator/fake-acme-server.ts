/**
 * A fake Acme Inference API (the fictional provider of test/__fixtures__/generator/acme-api.md):
 * POST /v2/generate with the X-Acme-Key header, Acme's own body, named SSE events ending in
 * `bye`, `fault` error bodies and Acme-Retry-In. Enough of it for the kit's live checks.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAcme {
  url: string;
  /** The X-Acme-Key values received. */
  keys: string[];
  close(): Promise<void>;
}

export async function startFakeAcme(validKey: string): Promise<FakeAcme> {
  const keys: string[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (raw += d));
    req.on('end', () => void answer(req, res, raw));
  });
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
    const prompt: string = body.turns.map((t: { text: string }) => t.text).join(' ');
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    keys,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

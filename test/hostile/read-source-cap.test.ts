/**
 * readSource (the generator's docs reader) stops reading at its 4 MiB cap: a huge file or an
 * endless response body is not read to its end and then cut, it is never read past the cap.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readSource } from '../../src/generator/index.js';
import { startTestServer } from '../helpers/test-server.js';

const MiB = 1024 * 1024;
const TOTAL = 64 * MiB;
const chunk = Buffer.alloc(64 * 1024, 'a');
const dir = mkdtempSync(join(tmpdir(), 'llmux-hostile-source-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('readSource against a source far over its cap', () => {
  it('a file (a FIFO fed 64 MiB): reads 4 MiB and closes it, so the writer is stopped near the cap', async () => {
    const fifo = join(dir, 'docs.fifo');
    execFileSync('mkfifo', [fifo]);
    let written = 0;
    const writer = new Promise<number>((resolve) => {
      const out = createWriteStream(fifo);
      out.on('error', () => resolve(written)); // EPIPE once the reader is gone
      const pump = (): void => {
        while (written < TOTAL) {
          written += chunk.length;
          if (!out.write(chunk)) return void out.once('drain', pump);
        }
        out.end(() => resolve(written));
      };
      out.once('open', pump);
    });
    const text = await readSource(fifo);
    const fed = await writer;
    assert.equal(Buffer.byteLength(text), 4 * MiB);
    assert.ok(fed < 16 * MiB, `the reader took ${fed / MiB} MiB before stopping`);
  });

  it('a URL with a 64 MiB body: returns 4 MiB and drops the connection long before the end', async () => {
    let written = 0;
    let finished = false;
    let closedResponse!: () => void;
    const closed = new Promise<void>((resolve) => (closedResponse = resolve));
    const server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.on('close', () => {
        finished = res.writableFinished;
        closedResponse();
      });
      const pump = (): void => {
        while (written < TOTAL && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      pump();
    });
    let text: string;
    try {
      text = await readSource(`${server.url}/docs`);
      await closed;
    } finally {
      await server.close();
    }
    assert.equal(Buffer.byteLength(text), 4 * MiB);
    assert.equal(finished, false, 'the whole body was read');
    assert.ok(written < 32 * MiB, `the server got to send ${written / MiB} MiB`);
  });
});

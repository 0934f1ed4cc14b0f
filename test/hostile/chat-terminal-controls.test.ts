/**
 * `llmux chat` on a terminal shows model text without its control sequences: a reply cannot
 * clear the screen, write the clipboard (OSC 52) or retitle the window.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { createTerminalFilter, stripTerminalControls } from '../../src/cli/strip-terminal-controls.js';
import { type MockServer, startMockServer } from '../../src/mock-server/index.js';
import { CLI_PATH, cleanEnv } from '../cli/cli-harness.js';

const ESC = '\u001b';
const HOSTILE = [
  'Sure.',
  `${ESC}[2J${ESC}[H`, // clear screen, cursor home
  `${ESC}]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u0007`, // OSC 52: set the clipboard
  `${ESC}]0;pwned${ESC}\\`, // OSC 0: window title, ST-terminated
  `${ESC}]2;title\u0007`,
  `${ESC}[31mred${ESC}[0m`,
  '\u009b2J', // 8-bit CSI
  `${ESC}P1$qm${ESC}\\`, // DCS
  `${ESC}(B${ESC}c${ESC}7`, // charset, reset, save cursor
  'over\rwrite\b\u0007\u0000',
  'line\n\ttab ünïcödé 😀 done',
].join('');
const CLEAN = 'Sure.redoverwriteline\n\ttab ünïcödé 😀 done';

describe('stripTerminalControls', () => {
  it('removes CSI, OSC (52, 0, 2), DCS, ESC sequences, C1 and C0 controls, and keeps text, newline and tab', () => {
    assert.equal(stripTerminalControls(HOSTILE), CLEAN);
  });

  it('gives the same text however the stream splits it', () => {
    for (let cut = 0; cut <= HOSTILE.length; cut++) {
      const filter = createTerminalFilter();
      assert.equal(filter.push(HOSTILE.slice(0, cut)) + filter.push(HOSTILE.slice(cut)), CLEAN, `cut at ${cut}`);
    }
    const filter = createTerminalFilter();
    assert.equal([...HOSTILE].map((ch) => filter.push(ch)).join(''), CLEAN, 'one character at a time');
  });

  it('leaves plain text as it is, and ends a malformed sequence at the character that broke it', () => {
    assert.equal(stripTerminalControls('a plain answer\nwith lines\n'), 'a plain answer\nwith lines\n');
    assert.equal(stripTerminalControls(`${ESC}[12\nnext`), '\nnext');
    assert.equal(stripTerminalControls(`${ESC}]52;c;abc\u0018after`), 'after', 'CAN cancels a string');
  });
});

/** Runs the CLI under `script`, so its stdout is a terminal; returns what the terminal received. */
function chatOnTerminal(server: MockServer, extra: string[]): Promise<string> {
  const env = cleanEnv({
    OPENAI_BASE_URL: server.openaiBaseURL,
    OPENAI_API_KEY: 'k',
    SHELL: '/bin/sh',
    PROMPT_TEXT: HOSTILE.replace('\u0000', ''),
    NODE_BIN: process.execPath,
    CLI: CLI_PATH,
  });
  const command = `"$NODE_BIN" "$CLI" chat ${extra.join(' ')} "$PROMPT_TEXT" 2>/dev/null`;
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let seen = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (seen += t));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(seen) : reject(new Error(`exit ${code}: ${JSON.stringify(seen)}`))));
  });
}

describe('llmux chat on a terminal (the mock server echoes the hostile prompt)', () => {
  let server: MockServer;
  before(async () => {
    server = await startMockServer();
  });
  after(() => server.close());

  for (const mode of [[], ['--no-stream']]) {
    it(`writes the reply without control sequences ${mode.length === 0 ? '(streamed)' : '(--no-stream)'}`, async () => {
      const shown = await chatOnTerminal(server, mode);
      assert.ok(shown.includes('You said: Sure.redoverwriteline'), JSON.stringify(shown));
      // The terminal turns \n into \r\n; nothing else of the model's may carry ESC, BEL or C1.
      assert.ok(!/[\u001b\u0007\u0080-\u009f]/.test(shown), `control sequence reached the terminal: ${JSON.stringify(shown)}`);
    });
  }
});

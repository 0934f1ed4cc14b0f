// Measures how close llmux's token estimate (the method countTokens falls back to without a
// tokenizer) comes to exact counts from gpt-tokenizer, per content type, and prints Markdown
// tables for docs/token-counting.md.
//
// Run from the repository root after compiling the tests (the script imports the compiled
// modules, so it measures exactly the code that ships):
//
//   npx tsc -p tsconfig.test.json && node scripts/measure-token-estimates.mjs
//
// The corpus is the chat fixtures in test/__fixtures__/conversations/ plus text already in the
// repository: README.md, the TypeScript sources, the recorded provider streams. The estimate's
// rates were fitted on part of it (marked "fitted" below); the rest (tests, examples, bench
// README and results) was not looked at when fitting, so those rows show out-of-sample error.
import { existsSync, readFileSync, readdirSync } from 'node:fs';

const here = (path) => new URL(`../${path}`, import.meta.url);
const built = here('.test-build/src/models/count-tokens.js');
if (!existsSync(built)) {
  console.error('Compile first: npx tsc -p tsconfig.test.json');
  process.exit(1);
}
const { countTokens, countTokensWith } = await import(built.href);
const { estimateImageTokens } = await import(here('.test-build/src/models/estimate-tokens.js').href);
const { toCountableChat } = await import(here('.test-build/src/models/openai-chat-overhead.js').href);

const read = (path) => readFileSync(here(path), 'utf8');
const filesUnder = (dir, ext) =>
  existsSync(here(dir))
    ? readdirSync(here(dir), { recursive: true })
        .map(String)
        .filter((f) => f.endsWith(ext))
        .sort()
        .map((f) => `${dir}/${f}`)
    : [];

/** What countTokens answers when gpt-tokenizer cannot be imported: the estimate. */
const noTokenizer = () => Promise.reject(Object.assign(new Error('Cannot find package'), { code: 'ERR_MODULE_NOT_FOUND' }));
const exact = async (input, model = 'gpt-4o') => {
  const count = await countTokens({ ...input, model });
  if (count.method !== 'tokenizer') throw new Error(`expected a tokenizer count, got ${count.method}: is gpt-tokenizer installed?`);
  return count.tokens;
};
const estimate = async (input) => (await countTokensWith({ ...input, model: 'gpt-4o' }, noTokenizer)).tokens;
/** The rule of thumb the estimate replaced: one token per four characters. */
const quarter = (text) => Math.ceil(text.length / 4);

// ---- the corpus
const conversations = filesUnder('test/__fixtures__/conversations', '.json').map((f) => ({ file: f, ...JSON.parse(read(f)) }));
const samples = [];
const add = (type, label, text) => {
  if (text.length > 0) samples.push({ type, label, text });
};

for (const c of conversations) {
  for (const [i, m] of c.messages.entries()) {
    const text = typeof m.content === 'string' ? m.content : (m.content ?? []).map((p) => p.text ?? p.refusal ?? '').join('');
    const label = `${c.file.split('/').pop()} #${i}`;
    add(m.role === 'tool' ? 'JSON and tool output (fitted)' : classify(text), label, text);
    for (const call of m.tool_calls ?? []) add('JSON and tool output (fitted)', `${label} call`, call.function.arguments);
  }
}
add('Markdown docs (fitted)', 'README.md', read('README.md'));
// Generated data (the model table) is a giant JSON string, not source code.
for (const f of filesUnder('src', '.ts').filter((f) => !f.endsWith('.generated.ts') && !f.endsWith('-data.ts')))
  add('TypeScript source (fitted)', f, read(f));
for (const dir of ['openai', 'anthropic', 'openrouter', 'recorded']) {
  for (const f of [...filesUnder(`test/__fixtures__/${dir}`, '.txt'), ...filesUnder(`test/__fixtures__/${dir}`, '.json')])
    add('JSON and tool output (fitted)', f, read(f));
}
for (const f of [...filesUnder('test', '.ts'), ...filesUnder('examples', '.ts')])
  add('TypeScript tests and examples (held out)', f, read(f));
for (const f of ['bench/README.md', ...filesUnder('test/__fixtures__', 'README.md')])
  if (existsSync(here(f))) add('Markdown docs (held out)', f, read(f));
if (existsSync(here('bench/results.json'))) add('JSON (held out)', 'bench/results.json', read('bench/results.json'));

/** Content type of a fixture message, by its characters. */
function classify(text) {
  let wide = 0;
  let other = 0;
  let total = 0;
  for (const ch of text) {
    total += 1;
    const code = ch.codePointAt(0);
    if (code < 0x80) continue;
    if (/[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7ff\uff00-\uffef]/.test(ch)) wide += 1;
    else other += 1;
  }
  if (wide / total > 0.2) return 'CJK (fitted)';
  if (other / total > 0.05) return 'Other scripts and emoji (fitted)';
  if (/^\s*[[{]/.test(text)) return 'JSON and tool output (fitted)';
  if (text.includes('```')) return 'Chat with code blocks (fitted)';
  return 'English prose (fitted)';
}

// ---- text, per content type
for (const s of samples) {
  s.o200k = await exact({ text: s.text });
  s.cl100k = await exact({ text: s.text }, 'gpt-4');
  s.estimate = await estimate({ text: s.text });
  s.quarter = quarter(s.text);
}

const MIN_TOKENS = 10;
const pct = (x) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}%`;
const abs = (x) => `${(x * 100).toFixed(1)}%`;
function stats(rows, value, reference) {
  const errors = rows.map((r) => (r[value] - r[reference]) / r[reference]);
  const sum = (f) => rows.reduce((a, r) => a + f(r), 0);
  return {
    overall: sum((r) => r[value]) / sum((r) => r[reference]) - 1,
    mean: errors.reduce((a, e) => a + e, 0) / errors.length,
    meanAbs: errors.reduce((a, e) => a + Math.abs(e), 0) / errors.length,
    maxAbs: Math.max(...errors.map(Math.abs)),
  };
}

console.log(`### Text, by content type (samples of at least ${MIN_TOKENS} tokens)\n`);
console.log(
  '| Content | Samples | Tokens (o200k) | Overall | Mean | Mean abs | Max abs | Mean abs vs cl100k | chars/4 mean abs | chars/4 max abs |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const types = [...new Set(samples.map((s) => s.type))].sort((a, b) => a.localeCompare(b));
for (const type of types) {
  const rows = samples.filter((s) => s.type === type && s.o200k >= MIN_TOKENS);
  if (rows.length === 0) continue;
  const e = stats(rows, 'estimate', 'o200k');
  const c = stats(rows, 'estimate', 'cl100k');
  const q = stats(rows, 'quarter', 'o200k');
  const tokens = rows.reduce((a, r) => a + r.o200k, 0);
  console.log(
    `| ${type} | ${rows.length} | ${tokens} | ${pct(e.overall)} | ${pct(e.mean)} | ${abs(e.meanAbs)} | ${abs(e.maxAbs)} | ${abs(c.meanAbs)} | ${abs(q.meanAbs)} | ${abs(q.maxAbs)} |`,
  );
}

// ---- whole chats: framing, names, tool calls, tool definitions
console.log('\n### Whole chats (test/__fixtures__/conversations, o200k_base)\n');
console.log('| Conversation | Exact | Estimate | Error | Tool definitions: exact | estimate |');
console.log('|---|---:|---:|---:|---:|---:|');
const chatRows = [];
for (const c of conversations) {
  const input = { messages: c.messages, ...(c.tools ? { tools: c.tools } : {}) };
  // Both methods add the same fixed figure per image; leave it out so the error is the text's.
  const images = estimateImageTokens(toCountableChat(c.messages).images);
  const row = { exact: (await exact(input)) - images, estimate: (await estimate(input)) - images };
  let tools = '| – | – |';
  if (c.tools) {
    const bare = { messages: c.messages };
    row.toolsExact = row.exact + images - (await exact(bare));
    row.toolsEstimate = row.estimate + images - (await estimate(bare));
    tools = `| ${row.toolsExact} | ${row.toolsEstimate} (${pct((row.toolsEstimate - row.toolsExact) / row.toolsExact)}) |`;
  }
  chatRows.push(row);
  console.log(`| ${c.file.split('/').pop()} | ${row.exact} | ${row.estimate} | ${pct((row.estimate - row.exact) / row.exact)} ${tools}`);
}
const all = stats(chatRows, 'estimate', 'exact');
console.log(
  `\nAll ${chatRows.length} chats: total ${pct(all.overall)}, mean ${pct(all.mean)}, mean abs ${abs(all.meanAbs)}, max abs ${abs(all.maxAbs)}.`,
);
const withTools = chatRows.filter((r) => r.toolsExact !== undefined);
if (withTools.length > 0) {
  const t = stats(withTools, 'toolsEstimate', 'toolsExact');
  console.log(`Tool definitions (${withTools.length} sets): mean abs ${abs(t.meanAbs)}, max abs ${abs(t.maxAbs)}.`);
}

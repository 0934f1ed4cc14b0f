// The chart renderer on made-up results: well-formed SVG, every client drawn, ratios rounded as
// printed in the tables, missing or odd sections skipped, text escaped, log bars in order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeChart, domainOf, escapeXml, fmtRatio, logX, renderChart } from '../lib/render-chart.mjs';
import { TARGETS } from '../lib/targets.mjs';

/** A client as the benchmarks write it: a few metrics as `{ median }` and ratios beside them. */
const client = (label, fields) => ({ label, samples: 10, failures: 0, ...fields });

function fakeResults() {
  return {
    machine: { cpuModel: 'Test CPU <&>', cores: 4, totalMemoryMiB: 16384, platform: 'linux test x64', node: 'v20.0.0' },
    updated: '2026-01-02T03:04:05.000Z',
    benchmarks: {
      cold: {
        date: '2026-01-02T03:00:00.000Z',
        llmux: { commit: 'abc1234', uncommittedChanges: false },
        targets: { wallRatio: { limit: 1.15, value: 1.005, pass: true } },
        clients: {
          raw: client('raw node:http (baseline)', { wallMs: { median: 100 }, peakRssMiB: { median: 40 }, wallRatio: 1, peakRssRatio: 1 }),
          llmux: client('llmux complete()', {
            wallMs: { median: 100.5 },
            peakRssMiB: { median: 42 },
            wallRatio: 1.005,
            peakRssRatio: 1.05,
          }),
          openai: client('openai SDK', { wallMs: { median: 388 }, peakRssMiB: { median: 88 }, wallRatio: 3.876, peakRssRatio: 2.2 }),
          'mystery-client': client('Mystery <&> "client"', {
            wallMs: { median: 1514 },
            peakRssMiB: { median: 100 },
            wallRatio: 15.14,
            peakRssRatio: 2.5,
          }),
          // No ratio field: the renderer divides the medians itself (69.6 / 100 = 0.696).
          'pi-ai': client('pi-ai complete()', { wallMs: { median: 69.6 }, peakRssMiB: { median: 50 } }),
          broken: { label: 'a client that failed', samples: 0, failures: 10, wallMs: { median: null, n: 0 } },
        },
      },
      stream: {
        // The baseline is listed last on purpose: order in the file must not matter.
        clients: [
          { id: 'llmux', ...client('llmux stream()', { cpuMs: { median: 117 }, cpuRatio: 1.17 }) },
          { id: 'ai', ...client('ai streamText', { cpuMs: { median: 12345 }, cpuRatio: 123.45 }) },
          { id: 'openai', ...client('openai SDK stream', { cpuMs: { median: 395 }, cpuRatio: 3.95 }) },
          { id: 'pi-ai', ...client('pi-ai stream()', { cpuMs: { median: 800 }, cpuRatio: 8 }) },
          { id: 'raw', ...client('raw hand parse (baseline)', { cpuMs: { median: 100 }, cpuRatio: 1 }) },
        ],
      },
      // Shaped like nothing the concurrent panels know: skipped, not a crash.
      concurrent: { clients: { raw: { label: 'raw' }, llmux: { label: 'llmux', somethingElse: 3 } } },
      // Two scenarios in one section; only the first is in this run, and the Anthropic SDK is in neither.
      'concurrent-streams': {
        scenarios: {
          '100x200': {
            streams: 100,
            chunks: 200,
            clients: {
              raw: client('raw node:http + hand SSE parse (baseline)', { burstCpuMs: { median: 100 }, burstCpuRatio: 1 }),
              llmux: client('llmux stream()', { burstCpuMs: { median: 123.4 }, burstCpuRatio: 1.234 }),
              openai: client('openai SDK (stream: true)', { burstCpuMs: { median: 549 }, burstCpuRatio: 5.49 }),
              // No ratio field: 2391 / 100.
              ai: client('ai streamText', { burstCpuMs: { median: 2391 } }),
              'pi-ai': client('pi-ai stream()', { burstCpuMs: { median: 896 }, burstCpuRatio: 8.96 }),
            },
          },
        },
      },
      routerConcurrent: {
        clients: {
          'client-completions': client('completions: llmux client (baseline)', { burstCpuMs: { median: 600 }, burstCpuRatioToClient: 1 }),
          'router-completions': client('completions: Router', { burstCpuMs: { median: 634 }, burstCpuRatioToClient: 1.057 }),
          'client-streams': client('streams: llmux client (baseline)', { burstCpuMs: { median: 250 }, burstCpuRatioToClient: 1 }),
          'router-streams': client('streams: Router', { burstCpuMs: { median: 270 }, burstCpuRatioToClient: 1.08 }),
        },
      },
      // A section no panel describes.
      'made-up<&>': { clients: {} },
    },
  };
}

// ---------------------------------------------------------------- a tiny XML reader

/**
 * Parses the SVG into a tree, throwing on anything not well-formed: every tag closed by its own
 * name, quoted attributes, no stray `<` or `&` in text, exactly one root element.
 */
function parseXml(xml) {
  const root = { name: '#document', attrs: {}, children: [] };
  const stack = [root];
  let i = 0;
  const checkText = (t) => {
    assert.ok(!t.includes('<'), `stray < in text: ${t}`);
    for (let k = t.indexOf('&'); k >= 0; k = t.indexOf('&', k + 1)) {
      const end = t.indexOf(';', k);
      assert.ok(end > k, `unterminated entity in: ${t}`);
      const entity = t.slice(k + 1, end);
      const known =
        ['amp', 'lt', 'gt', 'quot', 'apos'].includes(entity) || (entity.startsWith('#') && Number.isInteger(Number(entity.slice(1))));
      assert.ok(known, `unknown entity &${entity}; in: ${t}`);
    }
  };
  const decode = (t) =>
    t.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textPart = lt < 0 ? xml.slice(i) : xml.slice(i, lt);
    checkText(textPart);
    if (textPart.trim() !== '') {
      assert.ok(stack.length > 1, `text outside the root element: ${textPart.trim()}`);
      stack.at(-1).children.push({ text: decode(textPart) });
    }
    if (lt < 0) break;
    if (xml.startsWith('<?', lt)) {
      i = xml.indexOf('?>', lt) + 2;
      continue;
    }
    if (xml.startsWith('<!--', lt)) {
      i = xml.indexOf('-->', lt) + 3;
      continue;
    }
    // Find the tag's end, skipping `>` inside quoted attribute values.
    let j = lt + 1;
    let quote = null;
    for (; j < xml.length; j++) {
      const ch = xml[j];
      if (quote) {
        if (ch === quote) quote = null;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '>') break;
    }
    assert.ok(j < xml.length, 'unterminated tag');
    const inner = xml.slice(lt + 1, j);
    i = j + 1;
    if (inner.startsWith('/')) {
      const name = inner.slice(1).trim();
      const open = stack.pop();
      assert.equal(open.name, name, `</${name}> closes <${open.name}>`);
      continue;
    }
    const selfClosing = inner.endsWith('/');
    const body = selfClosing ? inner.slice(0, -1) : inner;
    const space = body.search(/\s/);
    const name = space < 0 ? body : body.slice(0, space);
    assert.match(name, /^[A-Za-z_][\w:.-]*$/, `bad tag name <${name}>`);
    const attrs = {};
    let rest = space < 0 ? '' : body.slice(space);
    for (;;) {
      rest = rest.trimStart();
      if (rest === '') break;
      const m = /^([\w:.-]+)="([^"]*)"/.exec(rest);
      assert.ok(m, `bad attribute in <${name}>: ${rest.slice(0, 40)}`);
      assert.ok(!(m[1] in attrs), `duplicate attribute ${m[1]} in <${name}>`);
      checkText(m[2]);
      attrs[m[1]] = decode(m[2]);
      rest = rest.slice(m[0].length);
    }
    const node = { name, attrs, children: [] };
    stack.at(-1).children.push(node);
    if (!selfClosing) stack.push(node);
  }
  assert.equal(stack.length, 1, `unclosed <${stack.at(-1).name}>`);
  const elements = root.children.filter((c) => c.name);
  assert.equal(elements.length, 1, 'one root element');
  return elements[0];
}

const textOf = (node) => (node.text !== undefined ? node.text : node.children.map(textOf).join(''));
const all = (node, name, out = []) => {
  if (node.name === name) out.push(node);
  for (const c of node.children ?? []) all(c, name, out);
  return out;
};
const texts = (svg) => all(svg, 'text').map(textOf);

/** The bars of the panel titled `title`: [{ width, label }] paired by row. */
function barsOf(svg, title) {
  const panel = all(svg, 'g').find((g) => all(g, 'text').some((t) => textOf(t) === title));
  assert.ok(panel, `panel ${title}`);
  const rects = all(panel, 'rect');
  const labels = all(panel, 'text');
  return rects.map((r) => {
    const cy = Number(r.attrs.y) + Number(r.attrs.height) / 2;
    const label = labels.find((t) => Math.abs(Number(t.attrs.y) - cy) < 0.01 && Number(t.attrs.x) > Number(r.attrs.x));
    return { width: Number(r.attrs.width), label: label && textOf(label) };
  });
}

// ---------------------------------------------------------------- the tests

describe('renderChart', () => {
  const svgText = renderChart(fakeResults());
  const svg = parseXml(svgText);

  it('writes a well-formed, static SVG that GitHub can show', () => {
    assert.equal(svg.name, 'svg');
    assert.equal(svg.attrs.xmlns, 'http://www.w3.org/2000/svg');
    assert.match(svg.attrs.width, /^\d+$/);
    assert.match(svg.attrs.height, /^\d+$/);
    assert.equal(svg.attrs.viewBox, `0 0 ${svg.attrs.width} ${svg.attrs.height}`);
    assert.match(svg.attrs['font-family'], /system-ui.*sans-serif/);
    assert.equal(all(svg, 'script').length, 0);
    assert.ok(!/href|@import|url\(|<style/i.test(svgText), 'nothing external, no stylesheet');
  });

  it('draws every client of a drawn section, by name', () => {
    const t = texts(svg);
    for (const name of ['llmux', 'openai SDK', 'Mystery <&> "client"', 'pi-ai', 'a client that failed', 'Vercel ai SDK']) {
      assert.ok(t.includes(name), `${name} in ${JSON.stringify(t)}`);
    }
    // The baseline is the 1× line, not a bar.
    assert.ok(!t.includes('raw node:http'));
    assert.ok(t.includes('no data'), 'a client without samples says so');
  });

  it('prints ratios rounded half up, with fewer decimals as they grow', () => {
    const cold = barsOf(svg, 'Cold one-shot completion: wall time').map((b) => b.label);
    assert.deepEqual(cold.sort(), ['0.70×', '1.01×', '15.1×', '3.88×'].sort());
    const stream = barsOf(svg, 'OpenAI 20k-chunk stream: CPU').map((b) => b.label);
    assert.deepEqual(stream.sort(), ['1.17×', '123×', '3.95×', '8.00×'].sort());
    assert.equal(fmtRatio(1.005), '1.01×');
    assert.equal(fmtRatio(2.675), '2.68×');
    assert.equal(fmtRatio(0.696), '0.70×');
    assert.equal(fmtRatio(9.996), '10.00×');
    assert.equal(fmtRatio(15.15), '15.2×');
    assert.ok(texts(svg).includes(`target ${fmtRatio(TARGETS.coldWallRatio)}`), 'the target of lib/targets.mjs');
  });

  it('skips missing sections, odd ones and unknown ones, and says why', () => {
    const { drawn, skipped } = describeChart(fakeResults());
    assert.deepEqual(drawn, [
      'Cold one-shot completion: wall time',
      'Cold one-shot completion: peak RSS',
      'OpenAI 20k-chunk stream: CPU',
      '100 concurrent streams × 200 chunks: CPU',
      'Router under concurrency: CPU',
    ]);
    const reason = (section) => skipped.find((s) => s.section.startsWith(section))?.reason;
    assert.equal(reason('import'), 'not in results.json');
    assert.equal(reason('bundle'), 'not in results.json');
    assert.match(reason('concurrent (1,000 concurrent completions: CPU)'), /burstCpuRatio/);
    assert.match(reason('concurrent (1,000 concurrent: throughput)'), /throughputRatio/);
    assert.equal(reason('concurrent-streams (1,000 concurrent streams × 50 chunks: CPU)'), "no 'scenarios.1000x50' in the section");
    assert.match(reason('made-up<&>'), /no panel describes it/);
    assert.ok(!texts(svg).some((t) => t.startsWith('Import') || t.startsWith('Bundle')));
    // Nothing at all still gives a valid picture.
    for (const empty of [{}, null, { benchmarks: 'nonsense' }]) {
      const out = parseXml(renderChart(empty));
      assert.ok(texts(out).some((t) => t.startsWith('No benchmark results')));
    }
  });

  it('draws each concurrency scenario with the peers of its run, and names a peer the run lacks', () => {
    const streams = barsOf(svg, '100 concurrent streams × 200 chunks: CPU').map((b) => b.label);
    assert.deepEqual(streams, ['1.23×', '5.49×', '23.9×', '8.96×'], 'llmux first, then the peers in the order of the run');
    const panel = all(svg, 'g').find((g) => all(g, 'text').some((t) => textOf(t) === '100 concurrent streams × 200 chunks: CPU'));
    const panelTexts = all(panel, 'text').map(textOf);
    for (const name of ['llmux', 'openai SDK', 'Vercel ai SDK', 'pi-ai', '@anthropic-ai/sdk', 'not measured', 'target 1.20×']) {
      assert.ok(panelTexts.includes(name), `${name} in ${JSON.stringify(panelTexts)}`);
    }
    assert.ok(!panelTexts.includes('no data'), 'a peer missing from the run is not measured, not a failed client');
    // The Router is drawn against the plain client, both of its scenarios in llmux's colour.
    const router = barsOf(svg, 'Router under concurrency: CPU').map((b) => b.label);
    assert.deepEqual(router, ['1.06×', '1.08×']);
    const routerPanel = all(svg, 'g').find((g) => all(g, 'text').some((t) => textOf(t) === 'Router under concurrency: CPU'));
    assert.ok(all(routerPanel, 'rect').every((r) => r.attrs.fill === '#4263eb'));
    assert.ok(all(routerPanel, 'text').map(textOf).includes('target 1.10×'));
  });

  it('draws the Anthropic-format concurrency scenarios with the Anthropic SDK and no openai SDK or target', () => {
    const clients = {
      raw: client('raw node:http + hand SSE parse (baseline)', { burstCpuMs: { median: 100 }, burstCpuRatio: 1 }),
      llmux: client('llmux stream() (anthropic)', { burstCpuMs: { median: 200 }, burstCpuRatio: 2 }),
      anthropic: client('@anthropic-ai/sdk create({ stream: true })', { burstCpuMs: { median: 361 }, burstCpuRatio: 3.61 }),
      'anthropic-stream': client('@anthropic-ai/sdk messages.stream()', { burstCpuMs: { median: 472 }, burstCpuRatio: 4.72 }),
      ai: client('ai streamText (@ai-sdk/anthropic)', { burstCpuMs: { median: 2606 }, burstCpuRatio: 26.06 }),
    };
    const results = {
      benchmarks: {
        'concurrent-anthropic': {
          clients: {
            raw: client('raw node:http (baseline)', { burstCpuMs: { median: 100 }, burstCpuRatio: 1 }),
            llmux: client('llmux complete() (anthropic)', { burstCpuMs: { median: 145 }, burstCpuRatio: 1.45 }),
            anthropic: client('@anthropic-ai/sdk messages.create()', { burstCpuMs: { median: 404 }, burstCpuRatio: 4.04 }),
          },
        },
        'concurrent-streams-anthropic': { scenarios: { '1000x50': { streams: 1000, chunks: 50, clients } } },
      },
    };
    assert.deepEqual(describeChart(results).drawn, [
      '1,000 completions, Anthropic format: CPU',
      '1,000 streams × 50 chunks, Anthropic format: CPU',
    ]);
    const out = parseXml(renderChart(results));
    assert.deepEqual(
      barsOf(out, '1,000 streams × 50 chunks, Anthropic format: CPU').map((b) => b.label),
      ['2.00×', '3.61×', '4.72×', '26.1×'],
    );
    const panel = all(out, 'g').find((g) => all(g, 'text').some((t) => textOf(t) === '1,000 streams × 50 chunks, Anthropic format: CPU'));
    const panelTexts = all(panel, 'text').map(textOf);
    for (const name of ['llmux', 'Anthropic .create()', 'Anthropic .stream()', 'Vercel ai SDK', 'pi-ai', 'not measured']) {
      assert.ok(panelTexts.includes(name), `${name} in ${JSON.stringify(panelTexts)}`);
    }
    assert.ok(!panelTexts.includes('openai SDK'), 'the openai SDK does not speak this format');
    assert.ok(!panelTexts.some((t) => t.startsWith('target')), 'no target line');
    const completions = all(out, 'g').find((g) => all(g, 'text').some((t) => textOf(t) === '1,000 completions, Anthropic format: CPU'));
    const completionTexts = all(completions, 'text').map(textOf);
    assert.ok(completionTexts.includes('@anthropic-ai/sdk') && completionTexts.includes('1.45×'));
  });

  it('draws the import target over the empty package the run measured', () => {
    const importOnly = {
      benchmarks: {
        import: {
          clients: {
            bare: client('bare node', { importMsOverBare: 0 }),
            empty: client('an empty package (control)', { importMsOverBare: 4 }),
            llmux: client('llmux', { importMsOverBare: 5.2 }),
            openai: client('openai', { importMsOverBare: 250 }),
          },
        },
      },
    };
    const out = parseXml(renderChart(importOnly));
    const panel = all(out, 'g').find((g) => all(g, 'text').some((t) => textOf(t) === 'Import time'));
    assert.ok(all(panel, 'text').map(textOf).includes(`target: empty + ${TARGETS.importOverEmptyMs} ms`));
    // The target line sits where 4 + 1.5 ms would end a bar: between llmux's 5.2 ms bar and a longer one.
    const bars = barsOf(out, 'Import time');
    const x0 = Math.min(...all(panel, 'rect').map((r) => Number(r.attrs.x)));
    const target = all(panel, 'line').find((l) => l.attrs.stroke === '#e8590c');
    const llmux = bars.find((b) => b.label === '5.2 ms');
    const openai = bars.find((b) => b.label === '250 ms');
    assert.ok(Number(target.attrs.x1) - x0 > llmux.width && Number(target.attrs.x1) - x0 < openai.width);
  });

  it('escapes text', () => {
    assert.ok(svgText.includes('Mystery &lt;&amp;&gt; &quot;client&quot;'));
    assert.ok(svgText.includes('Test CPU &lt;&amp;&gt;'));
    assert.ok(!svgText.includes('<&>'));
    assert.equal(escapeXml(`a<b>&"c"'d`), 'a&lt;b&gt;&amp;&quot;c&quot;&#39;d');
    assert.equal(escapeXml('bell\u0007!'), 'bell!', 'characters XML forbids are dropped');
  });

  it('makes bars longer as the ratio grows, on a log scale', () => {
    const bars = barsOf(svg, 'OpenAI 20k-chunk stream: CPU')
      .map((b) => ({ ...b, ratio: Number.parseFloat(b.label) }))
      .sort((a, b) => a.ratio - b.ratio);
    for (let k = 1; k < bars.length; k++) assert.ok(bars[k].width > bars[k - 1].width, `${bars[k].label} longer than ${bars[k - 1].label}`);
    // Log, not linear: 1.17× → 3.95× gains about as much as 3.95× → 8.00× and 8.00× → 123× gains more.
    const [a, b, c, d] = bars.map((x) => x.width);
    assert.ok(Math.abs((b - a) / (c - b) - Math.log(3.95 / 1.17) / Math.log(8 / 3.95)) < 0.05);
    assert.ok(d - c > c - b);

    const domain = domainOf([0.7, 1.2, 3, 45], { includeOne: true });
    assert.ok(domain.lo <= 0.7 * 0.76 && domain.hi >= 45);
    let previous = -1;
    for (const v of [domain.lo / 2, domain.lo, 0.7, 1, 1.01, 2, 10, 45, domain.hi, domain.hi * 3]) {
      const x = logX(v, domain, 200);
      assert.ok(x >= previous && x >= 0 && x <= 200, `logX(${v}) = ${x}`);
      previous = x;
    }
    assert.equal(logX(domain.hi, domain, 200), 200);
    assert.equal(logX(Math.sqrt(domain.lo * domain.hi), domain, 200).toFixed(6), (100).toFixed(6));
  });
});

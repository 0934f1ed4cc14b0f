// The files generated from results.json are up to date with it: the top-level README's table and
// results.svg. After a benchmark run: `npm run chart` and `npm run readme-table -- --write`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { END_MARKER, START_MARKER, readmeTable } from '../lib/readme-table.mjs';
import { renderChart } from '../lib/render-chart.mjs';

const read = (name) => readFileSync(new URL(`../${name}`, import.meta.url), 'utf8');
const results = JSON.parse(read('results.json'));

describe('files generated from results.json', () => {
  it('the README table is what results.json gives', () => {
    const readme = read('../README.md');
    const start = readme.indexOf(START_MARKER);
    const end = readme.indexOf(END_MARKER);
    assert.ok(start !== -1 && end > start, 'README.md has the bench-table markers');
    const table = readme.slice(start + START_MARKER.length + 1, end);
    assert.equal(table, readmeTable(results), 'README.md is behind results.json: run `npm run readme-table -- --write` in bench/');
  });

  it('results.svg is what results.json gives', () => {
    assert.equal(read('results.svg'), renderChart(results), 'results.svg is behind results.json: run `npm run chart` in bench/');
  });
});

// The folders of src/ are layers: imports point down, so no two folders import each other, even
// through a third. This builds the folder-level graph of the runtime imports (static `import ...
// from` and `export ... from` of a relative path; `import type` and `export type` vanish at
// compile time and do not count; dynamic `import()` is how lazy loading crosses layers and does
// not count either) and fails on any cycle, naming the files that make it. Files directly in src/
// are the folder ".": the entry files (index.ts, client.ts, shared.ts). The bottom layer, the error
// classes and wire types, lives in base/, so no folder needs anything from the root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const SRC = resolve('src');

interface FileEdge {
  readonly from: string;
  readonly to: string;
}

function sourceFiles(): string[] {
  return readdirSync(SRC, { recursive: true })
    .map((f) => String(f).split(/[\\/]/).join('/'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort();
}

/** The runtime imports between files of src/, as paths relative to src/ with a .ts extension. */
function fileEdges(): FileEdge[] {
  const edges: FileEdge[] = [];
  for (const file of sourceFiles()) {
    const source = ts.createSourceFile(file, readFileSync(join(SRC, file), 'utf8'), ts.ScriptTarget.Latest, false);
    for (const statement of source.statements) {
      let specifier: ts.Expression | undefined;
      if (ts.isImportDeclaration(statement)) {
        if (statement.importClause?.isTypeOnly === true) continue;
        specifier = statement.moduleSpecifier;
      } else if (ts.isExportDeclaration(statement)) {
        if (statement.isTypeOnly) continue;
        specifier = statement.moduleSpecifier;
      }
      if (specifier === undefined || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
      const target = relative(SRC, resolve(SRC, dirname(file), specifier.text))
        .split(/[\\/]/)
        .join('/');
      edges.push({ from: file, to: target.replace(/\.js$/, '.ts') });
    }
  }
  return edges;
}

const folderOf = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '.');

/** Folder edge "a -> b" -> the file imports that make it. */
function folderEdges(edges: readonly FileEdge[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { from, to } of edges) {
    const a = folderOf(from);
    const b = folderOf(to);
    if (a === b) continue;
    const key = `${a} -> ${b}`;
    out.set(key, [...(out.get(key) ?? []), `${from} -> ${to}`]);
  }
  return out;
}

function adjacency(keys: Iterable<string>): Map<string, Set<string>> {
  const adj = new Map<string, Set<string>>();
  for (const key of keys) {
    const [a, b] = key.split(' -> ') as [string, string];
    adj.set(a, (adj.get(a) ?? new Set()).add(b));
  }
  return adj;
}

function reaches(adj: Map<string, Set<string>>, from: string, to: string): boolean {
  const seen = new Set([from]);
  const queue = [from];
  for (let node = queue.pop(); node !== undefined; node = queue.pop()) {
    if (node === to) return true;
    for (const next of adj.get(node) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}

/** The edges of `keys` that lie on a cycle of the graph they make. */
function edgesOnCycles(keys: readonly string[]): string[] {
  const adj = adjacency(keys);
  return keys.filter((key) => {
    const [a, b] = key.split(' -> ') as [string, string];
    return reaches(adj, b, a);
  });
}

test('no import cycle between the folders of src/', () => {
  const edges = folderEdges(fileEdges());
  const cyclic = edgesOnCycles([...edges.keys()]);
  const report = cyclic.map((key) => `${key}\n    ${(edges.get(key) ?? []).join('\n    ')}`).join('\n');
  assert.deepEqual(cyclic, [], `folder imports that close a cycle (each edge, then the imports that make it):\n${report}`);
});

test('the folders below the root import nothing from it', () => {
  // Below the root: the folders its entry files import (cli/, router/, ... sit above and may use the entries).
  const all = fileEdges();
  const below = new Set(all.filter(({ from, to }) => folderOf(from) === '.' && folderOf(to) !== '.').map(({ to }) => folderOf(to)));
  const found = all.filter(({ from, to }) => below.has(folderOf(from)) && folderOf(to) === '.').map(({ from, to }) => `${from} -> ${to}`);
  assert.deepEqual(
    found,
    [],
    'a folder below the root imports an entry file (models/ takes the client it is given, or loads the root lazily)',
  );
});

test('the graph sees runtime imports and skips type-only ones', () => {
  // A guard on the parser itself: a known runtime re-export and a known type-only import.
  const edges = fileEdges().map(({ from, to }) => `${from} -> ${to}`);
  assert.ok(edges.includes('index.ts -> base/errors.ts'), 'export * from is an edge');
  assert.ok(edges.includes('client.ts -> core/client-core.ts'), 'import { x } from is an edge');
  assert.ok(!edges.includes('client.ts -> transport/transport-types.ts'), 'import type is not an edge');
});

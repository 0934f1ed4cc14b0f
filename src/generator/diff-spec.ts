/**
 * What changed between two drafts' specs, as `path: before -> after` lines (arrays of
 * `{provider|code|name: ...}` entries compared by that key, so a reordering is no change). Pure.
 */

export function diffSpec(before: unknown, after: unknown, path = ''): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (isKeyedList(before) && isKeyedList(after)) {
    const key = keyOf(before[0] ?? after[0]!);
    const a = new Map(before.map((e) => [String(e[key]), e]));
    const b = new Map(after.map((e) => [String(e[key]), e]));
    const out: string[] = [];
    for (const [k, v] of a) out.push(...diffSpec(v, b.get(k), `${path}[${k}]`));
    for (const [k, v] of b) if (!a.has(k)) out.push(...diffSpec(undefined, v, `${path}[${k}]`));
    return out;
  }
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].flatMap((k) => diffSpec(before[k], after[k], path === '' ? k : `${path}.${k}`));
  }
  return [`${path || '(root)'}: ${show(before)} -> ${show(after)}`];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function keyOf(entry: Record<string, unknown>): string {
  return ['provider', 'code', 'name'].find((k) => typeof entry[k] === 'string') ?? '';
}

function isKeyedList(v: unknown): v is Record<string, unknown>[] {
  return Array.isArray(v) && v.length > 0 && v.every(isObject) && keyOf(v[0] as Record<string, unknown>) !== '';
}

function show(v: unknown): string {
  if (v === undefined) return '(none)';
  const text = JSON.stringify(v);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/**
 * The adapter to test: an object, a module on disk (a generated adapter, say), or a built-in
 * provider's. Problems come back as a sentence, never a throw, so the kit can report them as a
 * failed check.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProviderAdapter, ProviderCompat } from '../providers/adapter-types.js';
import { ADAPTER_FAMILIES, PROVIDERS, type ProviderDefinition } from '../providers/registry.js';

export type LoadedAdapter = { ok: true; adapter: ProviderAdapter; label: string } | { ok: false; problem: string; label: string };

const builtIn: Record<string, ProviderDefinition> = PROVIDERS;

/** The registry entry of a built-in provider, or undefined. */
export function builtInProvider(provider: string): ProviderDefinition | undefined {
  return Object.hasOwn(builtIn, provider) ? builtIn[provider] : undefined;
}

export function builtInCompat(provider: string): ProviderCompat {
  return { ...builtInProvider(provider)?.compat };
}

export async function loadAdapter(source: ProviderAdapter | string | undefined, provider: string | undefined): Promise<LoadedAdapter> {
  if (source === undefined) {
    const definition = provider === undefined ? undefined : builtInProvider(provider);
    // An adapter family with no provider of its own name (`openai-responses`).
    const family =
      provider !== undefined && provider !== 'openai' && Object.hasOwn(ADAPTER_FAMILIES, provider) ? ADAPTER_FAMILIES[provider] : undefined;
    if (definition === undefined && family === undefined) {
      return {
        ok: false,
        label: provider ?? '(none)',
        problem: `no adapter given and ${JSON.stringify(provider)} is not a built-in provider (${Object.keys(builtIn).join(', ')}) or adapter family (openai-responses)`,
      };
    }
    return checked(await (definition?.load ?? family!)(), `built-in ${provider}`);
  }
  if (typeof source !== 'string') return checked(source, '(object)');
  const url = /^file:/i.test(source) ? source : pathToFileURL(isAbsolute(source) ? source : resolve(source)).href;
  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    return {
      ok: false,
      label: source,
      problem: `cannot import ${source}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    };
  }
  const candidates = ['default', 'adapter'].map((name) => module[name]).filter(looksLikeAdapter);
  if (candidates.length > 0) return checked(candidates[0], source);
  const shaped = Object.entries(module).filter(([, value]) => looksLikeAdapter(value));
  if (shaped.length === 1) return checked(shaped[0]![1], source);
  const exports = Object.keys(module).join(', ') || 'nothing';
  return {
    ok: false,
    label: source,
    problem:
      shaped.length === 0
        ? `${source} exports no adapter (an object with specificationVersion "v1" and a stream function); it exports: ${exports}`
        : `${source} exports several adapters (${shaped.map(([name]) => name).join(', ')}): export the one to test as default or as "adapter"`,
  };
}

function looksLikeAdapter(value: unknown): boolean {
  return value !== null && typeof value === 'object' && typeof (value as { stream?: unknown }).stream === 'function';
}

function checked(value: unknown, label: string): LoadedAdapter {
  const problems: string[] = [];
  const a = value as Partial<ProviderAdapter> | null;
  if (a === null || typeof a !== 'object') return { ok: false, label, problem: `the adapter must be an object, got ${typeof value}` };
  if (a.specificationVersion !== 'v1') problems.push(`specificationVersion must be "v1", got ${JSON.stringify(a.specificationVersion)}`);
  if (typeof a.provider !== 'string' || a.provider === '')
    problems.push(`provider must be a non-empty string, got ${JSON.stringify(a.provider)}`);
  if (typeof a.stream !== 'function') problems.push('stream must be a function (request, context) => AsyncIterable<ChatCompletionChunk>');
  if (a.complete !== undefined && typeof a.complete !== 'function') problems.push('complete, when present, must be a function');
  if (problems.length > 0) return { ok: false, label, problem: problems.join('; ') };
  return { ok: true, adapter: a as ProviderAdapter, label };
}

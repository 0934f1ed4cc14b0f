/**
 * How a model string is looked up in the table: which provider's models to search and which
 * spellings to try, most exact first. Pure.
 */
import { providerOfBareName, splitModelString } from '../util/model-id.js';

/** litellm's provider prefixes that differ from llmux's ids. */
const PREFIX_ALIASES: Readonly<Record<string, string>> = {
  together_ai: 'together',
  fireworks_ai: 'fireworks',
  lm_studio: 'lmstudio',
  hosted_vllm: 'vllm',
};

/** The provider and provider-side model id a model string names, or no provider when it cannot tell. */
export function splitModelId(model: string, providers: ReadonlySet<string>): { provider: string | undefined; model: string } {
  const { prefix, rest } = splitModelString(model);
  if (prefix !== undefined) {
    const lower = prefix.toLowerCase();
    const provider = Object.hasOwn(PREFIX_ALIASES, lower) ? PREFIX_ALIASES[lower]! : lower;
    if (providers.has(provider)) return { provider, model: rest };
  }
  // Every bare-name rule, not only the ones the client routes: the table knows more providers.
  return { provider: providerOfBareName(model.toLowerCase()), model };
}

const DATE_SUFFIX = /(?:-\d{4}-\d{2}-\d{2}|-\d{8}|@\d{8}|-\d{4})$/;

/**
 * The spellings of a provider's model id to try in order: as given, lower case, without a
 * variant or tag (`:free`, `:8b`), without a date (`-2024-08-06`, `-20250929`, `-0613`), with
 * version dots and dashes swapped (`claude-sonnet-4.5` / `claude-sonnet-4-5`).
 */
export function modelIdCandidates(model: string): string[] {
  const out: string[] = [];
  const add = (id: string): void => {
    if (id !== '' && !out.includes(id)) out.push(id);
  };
  const lower = model.toLowerCase();
  add(model);
  add(lower);
  const untagged = lower.includes(':') ? lower.slice(0, lower.lastIndexOf(':')) : lower;
  add(untagged);
  const undated = untagged.replace(DATE_SUFFIX, '');
  add(undated);
  for (const id of [untagged, undated]) {
    add(id.replace(/(\d)\.(\d)/g, '$1-$2'));
    add(id.replace(/(\d)-(\d)(?=$|-)/g, '$1.$2'));
  }
  add(undated.replace(/-latest$/, ''));
  return out;
}

/** Edit distance, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The `count` names nearest to `wanted`: first those whose model part is exactly the one asked
 * for (`gpt-4o` or `/gpt-4o` -> `openai/gpt-4o`), then names containing it, then names whose
 * model part it contains, then by edit distance.
 */
export function closestNames(wanted: string, names: Iterable<string>, count = 5): string[] {
  const target = wanted.toLowerCase();
  const targetTail = target.slice(target.lastIndexOf('/') + 1);
  const scored: [string, number][] = [];
  for (const name of names) {
    const lower = name.toLowerCase();
    const tail = lower.slice(lower.lastIndexOf('/') + 1);
    // Nearer in length is nearer in meaning: the model part first, the whole id to break ties.
    const closeness = 1 / (1 + Math.abs(tail.length - targetTail.length)) + 1e-3 / (1 + Math.abs(lower.length - target.length));
    let score: number;
    if (lower === target || (targetTail !== '' && tail === targetTail)) score = -2 - closeness;
    else if (lower.includes(target)) score = -1 - closeness;
    else if (tail !== '' && target.includes(tail)) score = -closeness;
    else score = Math.min(editDistance(target, lower), editDistance(target, tail));
    scored.push([name, score]);
  }
  return scored
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([name]) => name);
}

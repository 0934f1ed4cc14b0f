/**
 * Finds the JSON value in a model's text answer: the whole text, else a fenced ```json block,
 * else the first `{...}` or `[...]` that parses. Pure.
 */
import { createPartialJsonParser } from './partial-json-parser.js';

export type Extracted = { ok: true; value: unknown } | { ok: false; message: string };

/** How many `{`/`[` positions are tried before giving up (a long prose answer stays linear enough). */
const MAX_CANDIDATES = 32;
const FENCE = /```[a-zA-Z]*[ \t]*\r?\n?([\s\S]*?)```/g;

export function extractJson(text: string): Extracted {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'the answer is empty' };
  let firstError: string;
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch (error) {
    firstError = error instanceof Error ? error.message : String(error);
  }
  for (const match of trimmed.matchAll(FENCE)) {
    try {
      return { ok: true, value: JSON.parse(match[1]!.trim()) };
    } catch {
      // Not this block.
    }
  }
  let candidates = 0;
  for (let at = trimmed.search(/[[{]/); at !== -1 && candidates < MAX_CANDIDATES; candidates++) {
    const parser = createPartialJsonParser();
    parser.feed(trimmed.slice(at));
    if (parser.complete && parser.error === undefined) return { ok: true, value: JSON.parse(trimmed.slice(at, at + parser.consumed)) };
    const next = trimmed.slice(at + 1).search(/[[{]/);
    at = next === -1 ? -1 : at + 1 + next;
  }
  return { ok: false, message: `the answer is not valid JSON (${firstError})` };
}

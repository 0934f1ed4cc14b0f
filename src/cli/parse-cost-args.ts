/**
 * `llmux cost` arguments -> a model and a usage to price. Pure. Counts follow the OpenAI
 * reading that `completionCost` takes: `--input` is the whole prompt, cached and cache-write
 * tokens included; `--output` is the whole completion, reasoning included.
 */
import { parseArgs } from 'node:util';
import type { ParseResult } from './parse-chat-args.js';
import { parseIntegerFlag } from './parse-integer-flag.js';

export interface CostArgs {
  model: string;
  /** Prompt tokens, cached reads and cache writes included. */
  input: number;
  /** Completion tokens, reasoning included. */
  output: number;
  /** Of `input`, tokens read from a prompt cache. */
  cached: number;
  /** Of `input`, tokens written to a prompt cache. */
  cacheWrite: number;
  /** Of `output`, reasoning tokens. */
  reasoning: number;
  json: boolean;
  table: string | undefined;
  help: boolean;
}

export function parseCostArgs(argv: readonly string[]): ParseResult<CostArgs> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        model: { type: 'string', short: 'm' },
        input: { type: 'string' },
        output: { type: 'string' },
        cached: { type: 'string' },
        'cache-write': { type: 'string' },
        reasoning: { type: 'string' },
        json: { type: 'boolean' },
        table: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const { values } = parsed;
  const help = values.help ?? false;

  const counts: Record<'input' | 'output' | 'cached' | 'cache-write' | 'reasoning', number> = { input: 0, output: 0, cached: 0, 'cache-write': 0, reasoning: 0 };
  for (const flag of Object.keys(counts) as (keyof typeof counts)[]) {
    const count = parseIntegerFlag(values[flag], `--${flag}`);
    if (typeof count === 'string') return { ok: false, message: count };
    if (count !== undefined) counts[flag] = count.value;
  }

  const model = values.model?.trim() ?? '';
  if (!help) {
    if (model === '') return { ok: false, message: 'name the model to price with -m, e.g. -m openai/gpt-4o' };
    if (values.table !== undefined && values.table.trim() === '') return { ok: false, message: '--table must name a file' };
    if (values.input === undefined && values.output === undefined) return { ok: false, message: 'give the token counts to price: --input <n> and/or --output <n>' };
    if (counts.cached + counts['cache-write'] > counts.input) {
      return {
        ok: false,
        message: `--cached (${counts.cached}) plus --cache-write (${counts['cache-write']}) exceed --input (${counts.input}); --input is the whole prompt, cached and cache-write tokens included`,
      };
    }
    if (counts.reasoning > counts.output) {
      return { ok: false, message: `--reasoning (${counts.reasoning}) exceeds --output (${counts.output}); --output is the whole completion, reasoning included` };
    }
  }

  return {
    ok: true,
    value: {
      model,
      input: counts.input,
      output: counts.output,
      cached: counts.cached,
      cacheWrite: counts['cache-write'],
      reasoning: counts.reasoning,
      json: values.json ?? false,
      table: values.table,
      help,
    },
  };
}

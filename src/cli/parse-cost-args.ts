/**
 * `llmux cost` arguments -> a model and a usage to price. Pure. Counts follow the OpenAI
 * reading that `completionCost` takes: `--input` is the whole prompt, cached and cache-write
 * tokens included; `--output` is the whole completion, reasoning included.
 */
import { type ParseResult, readFileName, readFlags, readWholeNumber, refuse } from './read-flags.js';

const OPTIONS = {
  model: { type: 'string', short: 'm' },
  input: { type: 'string' },
  output: { type: 'string' },
  cached: { type: 'string' },
  'cache-write': { type: 'string' },
  reasoning: { type: 'string' },
  json: { type: 'boolean' },
  table: { type: 'string' },
} as const;

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
  return readFlags(argv, { options: OPTIONS, positionals: false }, ({ values, help }) => {
    const count = (flag: 'input' | 'output' | 'cached' | 'cache-write' | 'reasoning'): number =>
      readWholeNumber(values[flag], `--${flag}`) ?? 0;
    const input = count('input');
    const output = count('output');
    const cached = count('cached');
    const cacheWrite = count('cache-write');
    const reasoning = count('reasoning');

    const model = values.model?.trim() ?? '';
    if (!help) {
      if (model === '') refuse('name the model to price with -m, e.g. -m openai/gpt-4o');
      readFileName(values.table, '--table');
      if (values.input === undefined && values.output === undefined)
        refuse('give the token counts to price: --input <n> and/or --output <n>');
      if (cached + cacheWrite > input) {
        refuse(
          `--cached (${cached}) plus --cache-write (${cacheWrite}) exceed --input (${input}); --input is the whole prompt, cached and cache-write tokens included`,
        );
      }
      if (reasoning > output)
        refuse(`--reasoning (${reasoning}) exceeds --output (${output}); --output is the whole completion, reasoning included`);
    }

    return { model, input, output, cached, cacheWrite, reasoning, json: values.json ?? false, table: values.table, help };
  });
}

/**
 * `llmux cost`: what a call of given token counts costs, by the model table. Exit 0 on success,
 * 1 when the table has no price for the model, 2 for bad usage, an unknown model or an
 * unreadable `--table`.
 */
import { ConfigurationError } from '../../base/errors.js';
import type { Usage } from '../../base/types.js';
import { crossedTier, formatCost } from '../format-cost.js';
import { printCommandHelp, usageError } from '../command-usage.js';
import { type CostArgs, parseCostArgs } from '../parse-cost-args.js';

export async function runCost(argv: string[]): Promise<number> {
  const parsed = parseCostArgs(argv);
  if (!parsed.ok) return usageError('cost', parsed.message);
  const args = parsed.value;
  if (args.help) return printCommandHelp('cost');
  const models = await import('../../models/index.js');
  let info;
  try {
    if (args.table !== undefined) await models.loadModelTable(args.table);
    info = models.getModelInfo(args.model, { strict: true })!;
  } catch (error) {
    if (error instanceof ConfigurationError) return fail(withoutLibraryHint(error.message), 2);
    throw error;
  }

  const usage = toUsage(args);
  const cost = models.completionCost({ model: info.id, usage });
  if (cost?.breakdown === undefined) {
    const missing = [info.inputCostPerToken === undefined ? 'input' : '', info.outputCostPerToken === undefined ? 'output' : '']
      .filter((s) => s !== '')
      .join(' and ');
    return fail(`the model table has no ${missing || 'input and output'} price for ${info.id}, so its cost is unknown (not zero)`, 1);
  }
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify({ model: info.id, currency: cost.currency, total: cost.total, breakdown: cost.breakdown, usage }, null, 2)}\n`,
    );
    return 0;
  }
  const tokens = {
    input: args.input - args.cached - args.cacheWrite,
    cachedInput: args.cached,
    cacheWrite: args.cacheWrite,
    output: args.output - args.reasoning,
    reasoning: args.reasoning,
  };
  process.stdout.write(formatCost(info.id, cost.total, cost.breakdown, tokens, crossedTier(info.tiers, args.input)));
  return 0;
}

/** The counts in the OpenAI usage shape `completionCost` prices. */
function toUsage(args: CostArgs): Usage {
  const usage: Usage = { prompt_tokens: args.input, completion_tokens: args.output, total_tokens: args.input + args.output };
  if (args.cached > 0 || args.cacheWrite > 0) {
    usage.prompt_tokens_details = { cached_tokens: args.cached, cache_creation_tokens: args.cacheWrite };
  }
  if (args.reasoning > 0) usage.completion_tokens_details = { reasoning_tokens: args.reasoning };
  return usage;
}

/** The table's unknown-model message ends with advice for library code (registerModel), not for a shell. */
function withoutLibraryHint(message: string): string {
  return message.replace(/ Add it with registerModel\(.*$/s, ' A newer table can be loaded with --table (see llmux models import).');
}

function fail(message: string, code: number): number {
  process.stderr.write(`llmux cost: ${message}\n`);
  return code;
}

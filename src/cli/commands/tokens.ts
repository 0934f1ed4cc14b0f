/**
 * `llmux tokens`: how many tokens a text is for a model, from a file or stdin. Exit 0 on
 * success, 1 when the provider's counting endpoint fails, 2 for bad usage or input.
 */
import { readFile } from 'node:fs/promises';
import { createClient } from '../../client.js';
import { redactText } from '../../util/redact.js';
import { ConfigurationError } from '../../base/errors.js';
import { collectSecrets } from '../collect-secrets.js';
import { formatTokenCount } from '../format-token-count.js';
import { printCommandHelp, usageError } from '../command-usage.js';
import { parseTokensArgs } from '../parse-tokens-args.js';
import { readStdin } from '../read-stdin.js';

export async function runTokens(argv: string[]): Promise<number> {
  const parsed = parseTokensArgs(argv);
  if (!parsed.ok) return usageError('tokens', parsed.message);
  const args = parsed.value;
  if (args.help) return printCommandHelp('tokens');

  let text: string;
  if (args.file !== undefined) {
    try {
      text = await readFile(args.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return fail(
        `cannot read ${args.file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message}`,
        2,
      );
    }
  } else {
    if (process.stdin.isTTY) return usageError('tokens', 'give a file to count, or pipe the text on stdin');
    text = await readStdin();
  }

  const env = process.env;
  // Anthropic models are counted by Anthropic's endpoint, with the key and base URL from the environment.
  const client = createClient();
  try {
    // countTokens comes with the table module: one module, one table, loaded only now.
    const models = await import('../../models/index.js');
    if (args.table !== undefined) await models.loadModelTable(args.table);
    const count = await models.countTokens({ model: args.model, text, client });
    const info = models.getModelInfo(args.model);
    if (args.json) {
      process.stdout.write(
        `${JSON.stringify({ model: args.model, ...count, ...(info?.contextWindow === undefined ? {} : { contextWindow: info.contextWindow }) }, null, 2)}\n`,
      );
    } else {
      process.stdout.write(formatTokenCount(count, info));
    }
    return 0;
  } catch (error) {
    const message = redactText(error instanceof Error ? error.message : String(error), collectSecrets(env));
    return fail(message, error instanceof ConfigurationError ? 2 : 1);
  } finally {
    client.close();
  }
}

function fail(message: string, code: number): number {
  process.stderr.write(`llmux tokens: ${message}\n`);
  return code;
}

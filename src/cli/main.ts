#!/usr/bin/env node
/**
 * The `llmux` command: dispatches to a subcommand loaded with `import()`, so `chat` never loads
 * the mock server and `--help` loads nothing but the help text.
 */
import { redactText } from '../util/redact.js';
import { collectSecrets } from './collect-secrets.js';
import { COMMAND_HELP, COMMANDS, MAIN_HELP, isCommandName, type CommandName } from './help.js';

type Run = (argv: string[]) => Promise<number>;

const loaders: Record<CommandName, () => Promise<Run>> = {
  chat: () => import('./commands/chat.js').then((m) => m.runChat),
  models: () => import('./commands/models.js').then((m) => m.runModels),
  cost: () => import('./commands/cost.js').then((m) => m.runCost),
  tokens: () => import('./commands/tokens.js').then((m) => m.runTokens),
  'mock-server': () => import('./commands/mock-server.js').then((m) => m.runMockServer),
  demo: () => import('./commands/demo.js').then((m) => m.runDemo),
  adapter: () => import('./commands/adapter.js').then((m) => m.runAdapter),
};

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    // No command is a usage error: the help goes to stderr so a script's stdout stays clean.
    process.stderr.write(MAIN_HELP);
    return 2;
  }
  if (first === '-h' || first === '--help' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    process.stdout.write(topic !== undefined && isCommandName(topic) ? COMMAND_HELP[topic] : MAIN_HELP);
    return 0;
  }
  if (first === '-v' || first === '--version') {
    const { readVersion } = await import('./read-version.js');
    process.stdout.write(`${readVersion()}\n`);
    return 0;
  }
  if (!isCommandName(first)) {
    process.stderr.write(`llmux: unknown command ${JSON.stringify(first)}. Commands: ${COMMANDS.join(', ')}. See llmux --help.\n`);
    return 2;
  }
  const dashes = rest.indexOf('--');
  const options = dashes === -1 ? rest : rest.slice(0, dashes);
  if (options.includes('-h') || options.includes('--help')) {
    process.stdout.write(COMMAND_HELP[first]);
    return 0;
  }
  const run = await loaders[first]();
  return run(rest);
}

// `llmux chat ... | head -1` closes the pipe early; that is the reader's choice, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    // exitCode rather than exit(): pending stdout writes to a pipe still get flushed.
    process.exitCode = code;
  },
  (error: unknown) => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`llmux: unexpected failure: ${redactText(text, collectSecrets(process.env))}\n`);
    process.exitCode = 1;
  },
);

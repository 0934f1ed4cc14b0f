/**
 * How every CLI command answers `--help` and bad arguments, so they read the same: the help on
 * stdout (exit 0); `llmux <command>: <message>` and where the help is on stderr (exit 2).
 */
import { COMMAND_HELP, type CommandName } from './help.js';

/** Prints the command's help; returns the exit code 0. */
export function printCommandHelp(command: CommandName): number {
  process.stdout.write(COMMAND_HELP[command]);
  return 0;
}

/** Reports bad arguments or input with a pointer to the command's help; returns the exit code 2. */
export function usageError(command: CommandName, message: string): number {
  process.stderr.write(`llmux ${command}: ${message}\nSee llmux ${command} --help.\n`);
  return 2;
}

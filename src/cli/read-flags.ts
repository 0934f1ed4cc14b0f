/**
 * How every `parse-*-args` reads argv: node:util's `parseArgs` in strict mode, with `-h`/`--help`
 * added, then the command's own checks. Errors from `parseArgs` and messages passed to `refuse`
 * both come back as `{ ok: false, message }`; nothing is thrown to the caller.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseIntegerFlag } from './parse-integer-flag.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

type Options = NonNullable<ParseArgsConfig['options']>;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

export interface FlagSpec<O extends Options> {
  /** The command's options; `-h`/`--help` is added to them. */
  options: O;
  /** Whether words that are not options (and everything after `--`) are accepted. */
  positionals: boolean;
}

export interface Flags<O extends Options> {
  values: ReturnType<typeof parseArgs<{ options: O & typeof HELP; strict: true; allowPositionals: true }>>['values'];
  /** Empty when the spec takes no positionals (`parseArgs` refuses them). */
  positionals: string[];
  help: boolean;
}

/** Marks a usage message for `readFlags` to return, as opposed to a bug to let through. */
class Refusal extends Error {}

/** Ends the `read` callback of `readFlags`, which then returns this message. */
export function refuse(message: string): never {
  throw new Refusal(message);
}

/** Parses `argv` by `spec`, then lets `read` check the flags and build the command's options. */
export function readFlags<const O extends Options, T>(
  argv: readonly string[],
  spec: FlagSpec<O>,
  read: (flags: Flags<O>) => T,
): ParseResult<T> {
  let flags: Flags<O>;
  try {
    const config: ParseArgsConfig = {
      args: [...argv],
      options: { ...spec.options, ...HELP },
      allowPositionals: spec.positionals,
      strict: true,
    };
    const { values, positionals } = parseArgs(config);
    // parseArgs types its values precisely only for a literal config; O is that literal's options.
    flags = { values: values as Flags<O>['values'], positionals, help: values['help'] === true };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  try {
    return { ok: true, value: read(flags) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, message: error.message };
    throw error;
  }
}

/**
 * A flag's number: undefined when absent; refused as `<flag> must be <expected>; got "<raw>"` when
 * blank, not a finite number, or not `valid`.
 */
export function readNumber(raw: string | undefined, flag: string, expected: string, valid: (n: number) => boolean): number | undefined {
  if (raw === undefined) return undefined;
  const n = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(n) || !valid(n)) refuse(`${flag} must be ${expected}; got ${JSON.stringify(raw)}`);
  return n;
}

/** A count (tokens, a limit) as `parseIntegerFlag` reads it, digit groups allowed; undefined when absent. */
export function readWholeNumber(raw: string | undefined, flag: string, min = 0): number | undefined {
  const count = parseIntegerFlag(raw, flag, min);
  if (typeof count === 'string') refuse(count);
  return count?.value;
}

/** `raw` as given, unless it is given but blank: that is refused as `<flag> <must>`. */
export function readNonBlank(raw: string | undefined, flag: string, must = 'must not be empty'): string | undefined {
  if (raw !== undefined && raw.trim() === '') refuse(`${flag} ${must}`);
  return raw;
}

/** A flag naming a file: `raw` as given, refused as `<flag> must name a file` when blank. */
export function readFileName(raw: string | undefined, flag: string): string | undefined {
  return readNonBlank(raw, flag, 'must name a file');
}

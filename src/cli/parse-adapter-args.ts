/**
 * `llmux adapter` arguments -> what to run: `test` (the conformance kit, on fixtures or live),
 * `record` (new fixtures from a live endpoint) or `new` (the adapter generator). Pure.
 */
import { type ParseResult, readFileName, readFlags, readNonBlank, readNumber, refuse } from './read-flags.js';

export type { ParseResult } from './read-flags.js';

const OPTIONS = {
  fixtures: { type: 'string' },
  adapter: { type: 'string' },
  live: { type: 'boolean' },
  model: { type: 'string', short: 'm' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  timeout: { type: 'string' },
  out: { type: 'string', short: 'o' },
  'base-url': { type: 'string' },
} as const;

/** Models `--live` uses when none is named: small, cheap, long-lived. */
const DEFAULT_LIVE_MODELS: Readonly<Record<string, string>> = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-haiku-4-5',
  openrouter: 'openai/gpt-4o-mini',
};

export interface AdapterTestArgs {
  action: 'test';
  provider: string;
  fixtures: string | undefined;
  adapter: string | undefined;
  live: boolean;
  model: string | undefined;
  baseURL: string | undefined;
  json: boolean;
  quiet: boolean;
  timeoutMs: number | undefined;
}

export interface AdapterRecordArgs {
  action: 'record';
  provider: string;
  model: string;
  out: string;
  baseURL: string | undefined;
  adapter: string | undefined;
  timeoutMs: number | undefined;
}

export interface AdapterNewArgs {
  action: 'new';
  provider: string;
  docs: string;
  reference: string | undefined;
  baseURL: string | undefined;
  /** The env var holding the provider's key, for the live check. */
  keyEnv: string | undefined;
  /** The provider model the live check calls. */
  model: string | undefined;
  maxIterations: number;
  out: string;
  /** Write into a non-empty --out folder (replacing the adapter, fixtures and report there). */
  force: boolean;
  /** The model that writes the adapter (`-m`); undefined: from the environment. */
  generatorModel: string | undefined;
  /** Time limit for one check run, in ms. */
  timeoutMs: number | undefined;
  json: boolean;
}

export type AdapterArgs = AdapterTestArgs | AdapterRecordArgs | AdapterNewArgs | { action: 'help' };

const ACTIONS = ['test', 'record', 'new'];

// `new` reads -m as the generator's model and --model as the provider's (the live check's).
const NEW_OPTIONS = {
  docs: { type: 'string' },
  reference: { type: 'string' },
  'base-url': { type: 'string' },
  'key-env': { type: 'string' },
  model: { type: 'string' },
  'max-iterations': { type: 'string' },
  out: { type: 'string', short: 'o' },
  'generator-model': { type: 'string', short: 'm' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  force: { type: 'boolean' },
} as const;

export function parseAdapterArgs(argv: readonly string[]): ParseResult<AdapterArgs> {
  if (argv[0] === 'new') return parseNew(argv.slice(1));
  return readFlags(argv, { options: OPTIONS, positionals: true }, ({ values, positionals, help }): AdapterArgs => {
    if (help) return { action: 'help' };
    const [action, provider, ...extra] = positionals;
    if (action === undefined)
      refuse('name what to do: llmux adapter test | record <provider>, or llmux adapter new <provider> --docs <file|url>');
    if (!ACTIONS.includes(action)) refuse(`unknown action ${JSON.stringify(action)}: expected test or record (or new)`);
    if (provider === undefined || provider.trim() === '') refuse(`name the provider, e.g. llmux adapter ${action} openai`);
    if (extra.length > 0) refuse(`one provider at a time; got also: ${extra.join(', ')}`);
    const model = readNonBlank(values.model, '--model');
    const timeoutMs = readNumber(values.timeout, '--timeout', 'a positive number of milliseconds', (n) => n > 0);
    const adapter = readFileName(values.adapter, '--adapter');
    const baseURL = readNonBlank(values['base-url'], '--base-url');
    if (baseURL !== undefined && !/^https?:\/\/./i.test(baseURL))
      refuse(`--base-url must be an http(s) URL; got ${JSON.stringify(baseURL)}`);

    if (action === 'record') {
      for (const flag of ['fixtures', 'live', 'json', 'quiet'] as const)
        if (values[flag] !== undefined) refuse(`--${flag} is for llmux adapter test, not record`);
      if (model === undefined)
        refuse(
          `name the model to record with --model, e.g. llmux adapter record ${provider} --model ${DEFAULT_LIVE_MODELS[provider] ?? '<model>'}`,
        );
      const out = readFileName(values.out, '--out') ?? `llmux-fixtures/${provider}`;
      return { action: 'record', provider, model, out, baseURL, adapter, timeoutMs };
    }

    if (values.out !== undefined) refuse('--out is for llmux adapter record, not test');
    const live = values.live ?? false;
    const fixtures = readFileName(values.fixtures, '--fixtures');
    if (live && fixtures !== undefined) refuse('--live runs against the real endpoint; --fixtures replays files: give one or the other');
    if (!live && model !== undefined) refuse('--model is for --live (replayed fixtures pin their own models)');
    if (!live && baseURL !== undefined) refuse('--base-url is for --live (replayed fixtures go to a local fake server)');
    const liveModel = live ? (model ?? DEFAULT_LIVE_MODELS[provider]) : undefined;
    if (live && liveModel === undefined)
      refuse(`name the model to call with --model, e.g. llmux adapter test ${provider} --live --model <model>`);
    return {
      action: 'test',
      provider,
      fixtures,
      adapter,
      live,
      model: liveModel,
      baseURL,
      json: values.json ?? false,
      quiet: values.quiet ?? false,
      timeoutMs,
    };
  });
}

function parseNew(argv: readonly string[]): ParseResult<AdapterArgs> {
  return readFlags(argv, { options: NEW_OPTIONS, positionals: true }, ({ values, positionals, help }): AdapterArgs => {
    if (help) return { action: 'help' };
    const [provider, ...extra] = positionals;
    if (provider === undefined || provider.trim() === '') refuse('name the new provider, e.g. llmux adapter new acme --docs ./acme-api.md');
    if (!/^[a-z][a-z0-9-]*$/.test(provider))
      refuse(`the provider id must be lower-case letters, digits and -, starting with a letter; got ${JSON.stringify(provider)}`);
    if (extra.length > 0) refuse(`one provider at a time; got also: ${extra.join(', ')}`);
    const docs = readFileName(values.docs, '--docs');
    if (docs === undefined)
      refuse(`give the provider's API docs with --docs <file|url>, e.g. llmux adapter new ${provider} --docs ./${provider}-api.md`);
    const baseURL = readNonBlank(values['base-url'], '--base-url');
    if (baseURL !== undefined && !/^https?:\/\/./i.test(baseURL))
      refuse(`--base-url must be an http(s) URL; got ${JSON.stringify(baseURL)}`);
    const keyEnv = readNonBlank(values['key-env'], '--key-env');
    if (keyEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(keyEnv))
      refuse(`--key-env names an environment variable (the key itself never goes on the command line); got ${JSON.stringify(keyEnv)}`);
    const model = readNonBlank(values.model, '--model');
    if (model !== undefined && keyEnv === undefined) refuse('--model is the model the live check calls: give --key-env too');
    const maxIterations =
      readNumber(
        values['max-iterations'],
        '--max-iterations',
        'a whole number from 1 to 20',
        (n) => Number.isInteger(n) && n >= 1 && n <= 20,
      ) ?? 3;
    const timeoutMs = readNumber(values.timeout, '--timeout', 'a positive number of milliseconds', (n) => n > 0);
    const out = readFileName(values.out, '--out') ?? `llmux-adapter-${provider}`;
    return {
      action: 'new',
      provider,
      docs,
      reference: readFileName(values.reference, '--reference'),
      baseURL,
      keyEnv,
      model,
      maxIterations,
      out,
      force: values.force ?? false,
      generatorModel: readNonBlank(values['generator-model'], '-m/--generator-model'),
      timeoutMs,
      json: values.json ?? false,
    };
  });
}

/**
 * `llmux adapter` arguments -> what to run: `test` (the conformance kit, on fixtures or live) or
 * `record` (new fixtures from a live endpoint). Pure.
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
export const DEFAULT_LIVE_MODELS: Readonly<Record<string, string>> = {
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

export type AdapterArgs = AdapterTestArgs | AdapterRecordArgs | { action: 'help' };

const ACTIONS = ['test', 'record'];

export function parseAdapterArgs(argv: readonly string[]): ParseResult<AdapterArgs> {
  return readFlags(argv, { options: OPTIONS, positionals: true }, ({ values, positionals, help }): AdapterArgs => {
    if (help) return { action: 'help' };
    const [action, provider, ...extra] = positionals;
    if (action === undefined) refuse(`name what to do: llmux adapter ${ACTIONS.join(' | ')} <provider>`);
    if (action === 'new') refuse('llmux adapter new (the adapter generator) is not available in this version; llmux adapter test and record are');
    if (!ACTIONS.includes(action)) refuse(`unknown action ${JSON.stringify(action)}: expected ${ACTIONS.join(' or ')}`);
    if (provider === undefined || provider.trim() === '') refuse(`name the provider, e.g. llmux adapter ${action} openai`);
    if (extra.length > 0) refuse(`one provider at a time; got also: ${extra.join(', ')}`);
    const model = readNonBlank(values.model, '--model');
    const timeoutMs = readNumber(values.timeout, '--timeout', 'a positive number of milliseconds', (n) => n > 0);
    const adapter = readFileName(values.adapter, '--adapter');
    const baseURL = readNonBlank(values['base-url'], '--base-url');
    if (baseURL !== undefined && !/^https?:\/\/./i.test(baseURL)) refuse(`--base-url must be an http(s) URL; got ${JSON.stringify(baseURL)}`);

    if (action === 'record') {
      for (const flag of ['fixtures', 'live', 'json', 'quiet'] as const) if (values[flag] !== undefined) refuse(`--${flag} is for llmux adapter test, not record`);
      if (model === undefined) refuse(`name the model to record with --model, e.g. llmux adapter record ${provider} --model ${DEFAULT_LIVE_MODELS[provider] ?? '<model>'}`);
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
    if (live && liveModel === undefined) refuse(`name the model to call with --model, e.g. llmux adapter test ${provider} --live --model <model>`);
    return { action: 'test', provider, fixtures, adapter, live, model: liveModel, baseURL, json: values.json ?? false, quiet: values.quiet ?? false, timeoutMs };
  });
}

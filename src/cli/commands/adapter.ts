/**
 * `llmux adapter test | record`: the conformance kit from the shell. `test` replays fixtures (a
 * provider's built-in set, or a directory) against a local fake server, or with `--live` runs
 * the live checks against the real endpoint; `record` saves a live endpoint's answers as
 * fixtures. Keys come from the environment and appear in no output and no file.
 * Exit 0 when every check passes, 1 when one fails (or a recording fails), 2 for bad usage.
 */
import { redactText } from '../../core/redact.js';
import { type Env, resolveCall } from '../../core/resolve-provider.js';
import { ConfigurationError } from '../../errors.js';
import { PROVIDERS, baseURLEnvName } from '../../providers/registry.js';
import { collectSecrets } from '../collect-secrets.js';
import { COMMAND_HELP } from '../help.js';
import { type AdapterRecordArgs, type AdapterTestArgs, parseAdapterArgs } from '../parse-adapter-args.js';

export async function runAdapter(argv: string[]): Promise<number> {
  const parsed = parseAdapterArgs(argv);
  if (!parsed.ok) return fail(`${parsed.message}\nSee llmux adapter --help.`, 2);
  const args = parsed.value;
  if (args.action === 'help') {
    process.stdout.write(COMMAND_HELP.adapter);
    return 0;
  }
  const env = process.env;
  const print = (text: string): void => void process.stdout.write(redactText(text, collectSecrets(env)));
  try {
    return args.action === 'record' ? await record(args, env, print) : await test(args, env, print);
  } catch (error) {
    const message = redactText(error instanceof Error ? error.message : String(error), collectSecrets(env));
    return fail(message, error instanceof ConfigurationError ? 2 : 1);
  }
}

async function test(args: AdapterTestArgs, env: Env, print: (text: string) => void): Promise<number> {
  const kit = await import('../../testing/index.js');
  if (args.adapter === undefined && !Object.hasOwn(PROVIDERS, args.provider)) {
    return fail(`${JSON.stringify(args.provider)} is not a built-in provider: give its adapter module with --adapter (and its fixtures with --fixtures). Built-in: ${Object.keys(PROVIDERS).join(', ')}`, 2);
  }
  const adapter = args.adapter === undefined ? {} : { adapter: args.adapter };
  const timeout = args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs };
  let report;
  if (args.live) {
    const { apiKey, baseURL } = endpoint(args.provider, args.model!, args.baseURL, env);
    report = await kit.runLiveConformance({ ...adapter, ...timeout, provider: args.provider, model: args.model!, apiKey, baseURL });
  } else {
    if (args.fixtures === undefined && !kit.providersWithFixtures().includes(args.provider)) {
      return fail(
        args.provider === 'mock'
          ? 'the mock provider makes no HTTP calls, so there is nothing to replay'
          : `no built-in fixtures for ${JSON.stringify(args.provider)}: give a directory with --fixtures (llmux adapter record makes one)`,
        2,
      );
    }
    report = await kit.runConformance({ ...adapter, ...timeout, provider: args.provider, ...(args.fixtures === undefined ? {} : { fixtures: args.fixtures }) });
  }
  print(args.json ? `${JSON.stringify(report, null, 2)}\n` : kit.formatConformanceReport(report, { quiet: args.quiet }));
  return report.ok ? 0 : 1;
}

async function record(args: AdapterRecordArgs, env: Env, print: (text: string) => void): Promise<number> {
  const { apiKey, baseURL } = endpoint(args.provider, args.model, args.baseURL, env);
  const kit = await import('../../testing/index.js');
  const result = await kit.recordFixtures({
    provider: args.provider,
    model: args.model,
    apiKey,
    baseURL,
    outDir: args.out,
    ...(args.adapter === undefined ? {} : { adapter: args.adapter }),
    ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs }),
  });
  for (const file of result.files) print(`wrote ${file}\n`);
  print(`Replay them with: llmux adapter test ${args.provider}${args.adapter === undefined ? '' : ` --adapter ${args.adapter}`} --fixtures ${args.out}\n`);
  return 0;
}

/** The key and base URL a built-in provider's calls use (env, then registry), or a custom provider's `<P>_API_KEY` / `<P>_BASE_URL`. */
function endpoint(provider: string, model: string, baseURL: string | undefined, env: Env): { apiKey: string | undefined; baseURL: string } {
  if (Object.hasOwn(PROVIDERS, provider)) {
    const resolved = resolveCall(`${provider}/${model}`, undefined, env, { baseURL });
    return { apiKey: resolved.apiKey, baseURL: resolved.baseURL };
  }
  const keyEnv = `${provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`;
  const base = baseURL ?? env[baseURLEnvName(provider)];
  if (base === undefined || base.trim() === '') throw new ConfigurationError(`No base URL for ${JSON.stringify(provider)}: give --base-url or set ${baseURLEnvName(provider)}`);
  const key = env[keyEnv];
  return { apiKey: key === undefined || key.trim() === '' ? undefined : key.trim(), baseURL: base.trim().replace(/\/+$/, '') };
}

function fail(message: string, code: number): number {
  process.stderr.write(`llmux adapter: ${message}\n`);
  return code;
}

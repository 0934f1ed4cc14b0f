/**
 * `llmux adapter test | record | new`: the conformance kit and the adapter generator from the shell. `test` replays fixtures (a
 * provider's built-in set, or a directory) against a local fake server, or with `--live` runs
 * the live checks against the real endpoint; `record` saves a live endpoint's answers as
 * fixtures; `new` drafts an adapter from a provider's docs, checks it in a child process and
 * refines it (see docs/adapter-generator.md). Keys come from the environment and appear in no
 * output and no file.
 * Exit 0 when every check passes, 1 when one fails (or a recording fails), 2 for bad usage.
 */
import { redactText } from '../../util/redact.js';
import { type Env, resolveCall } from '../../core/resolve-provider.js';
import { ConfigurationError } from '../../base/errors.js';
import { shellErrorMessage } from '../shell-error-message.js';
import { PROVIDERS } from '../../providers/registry.js';
import { baseURLEnvName } from '../../core/resolve-call.js';
import { collectSecrets } from '../collect-secrets.js';
import { printCommandHelp, usageError } from '../command-usage.js';
import { stripTerminalControls } from '../strip-terminal-controls.js';
import { type AdapterNewArgs, type AdapterRecordArgs, type AdapterTestArgs, parseAdapterArgs } from '../parse-adapter-args.js';

export async function runAdapter(argv: string[]): Promise<number> {
  const parsed = parseAdapterArgs(argv);
  if (!parsed.ok) return usageError('adapter', parsed.message);
  const args = parsed.value;
  if (args.action === 'help') return printCommandHelp('adapter');
  const env = process.env;
  const secrets = collectSecrets(env);
  // A --key-env variable may have any name; its value is a secret whatever it is called.
  const keyEnvValue = args.action === 'new' && args.keyEnv !== undefined ? env[args.keyEnv] : undefined;
  if (keyEnvValue !== undefined && keyEnvValue.trim() !== '') secrets.push(keyEnvValue, keyEnvValue.trim());
  const print = (text: string): void => void process.stdout.write(redactText(text, secrets));
  try {
    if (args.action === 'new') return await generate(args, env, secrets, print);
    return args.action === 'record' ? await record(args, env, print) : await test(args, env, print);
  } catch (error) {
    const message = redactText(shellErrorMessage(error), secrets);
    return fail(message, error instanceof ConfigurationError ? 2 : 1);
  }
}

async function test(args: AdapterTestArgs, env: Env, print: (text: string) => void): Promise<number> {
  const kit = await import('../../testing/index.js');
  // The Responses API family has no provider of its own name; its built-in set replays (live, it is `openai` with api: 'responses').
  const family = args.provider === 'openai-responses' && !args.live;
  if (args.adapter === undefined && !Object.hasOwn(PROVIDERS, args.provider) && !family) {
    return fail(
      `${JSON.stringify(args.provider)} is not a built-in provider: give its adapter module with --adapter (and its fixtures with --fixtures). Built-in: ${Object.keys(PROVIDERS).join(', ')}`,
      2,
    );
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
    report = await kit.runConformance({
      ...adapter,
      ...timeout,
      provider: args.provider,
      ...(args.fixtures === undefined ? {} : { fixtures: args.fixtures }),
    });
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
  print(
    `Replay them with: llmux adapter test ${args.provider}${args.adapter === undefined ? '' : ` --adapter ${args.adapter}`} --fixtures ${args.out}\n`,
  );
  return 0;
}

async function generate(args: AdapterNewArgs, env: Env, secrets: readonly string[], print: (text: string) => void): Promise<number> {
  const model = args.generatorModel ?? env['LLMUX_GENERATOR_MODEL']?.trim() ?? env['LLMUX_MODEL']?.trim();
  if (model === undefined || model === '')
    return fail('name the model that writes the adapter with -m <provider/model> (or set LLMUX_GENERATOR_MODEL)', 2);
  if (model.startsWith('mock/')) return fail('the mock provider cannot read docs: name a real model with -m <provider/model>', 2);
  let apiKey: string | undefined;
  if (args.keyEnv !== undefined) {
    apiKey = env[args.keyEnv]?.trim();
    if (apiKey === undefined || apiKey === '') return fail(`--key-env ${args.keyEnv}: that variable is not set (or empty)`, 2);
  }
  const { generateAdapter, createProgressDisplay } = await import('../../generator/index.js');
  const out = args.json ? process.stderr : process.stdout;
  // Progress quotes failed checks, whose messages come from the draft and the provider.
  const display = createProgressDisplay(out, (text) =>
    out.isTTY === true ? stripTerminalControls(redactText(text, secrets)) : redactText(text, secrets),
  );
  try {
    const report = await generateAdapter({
      name: args.provider,
      docs: args.docs,
      reference: args.reference,
      baseURL: args.baseURL,
      apiKey,
      liveModel: args.model,
      maxIterations: args.maxIterations,
      outDir: args.out,
      force: args.force,
      model,
      checkTimeLimitMs: args.timeoutMs,
      onProgress: display.listener,
    });
    display.stop();
    if (args.json) print(`${JSON.stringify(report, null, 2)}\n`);
    return report.ok ? 0 : 1;
  } finally {
    display.stop();
  }
}

/** The key and base URL a built-in provider's calls use (env, then registry), or a custom provider's `<P>_API_KEY` / `<P>_BASE_URL`. */
function endpoint(provider: string, model: string, baseURL: string | undefined, env: Env): { apiKey: string | undefined; baseURL: string } {
  if (Object.hasOwn(PROVIDERS, provider)) {
    const resolved = resolveCall(`${provider}/${model}`, undefined, env, { baseURL });
    return { apiKey: resolved.apiKey, baseURL: resolved.baseURL };
  }
  const keyEnv = `${provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`;
  const base = baseURL ?? env[baseURLEnvName(provider)];
  if (base === undefined || base.trim() === '')
    throw new ConfigurationError(`No base URL for ${JSON.stringify(provider)}: give --base-url or set ${baseURLEnvName(provider)}`);
  const key = env[keyEnv];
  return { apiKey: key === undefined || key.trim() === '' ? undefined : key.trim(), baseURL: base.trim().replace(/\/+$/, '') };
}

function fail(message: string, code: number): number {
  process.stderr.write(`llmux adapter: ${message}\n`);
  return code;
}

/**
 * `llmux mock-server`: runs the local mock server in the foreground until SIGINT or SIGTERM,
 * then closes it and exits 0.
 */
import { type FaultSpec, startMockServer } from '../../mock-server/index.js';
import { printCommandHelp, usageError } from '../command-usage.js';
import { parseMockServerArgs } from '../parse-mock-server-args.js';

export async function runMockServer(argv: string[]): Promise<number> {
  const parsed = parseMockServerArgs(argv);
  if (!parsed.ok) return usageError('mock-server', parsed.message);
  const args = parsed.value;
  if (args.help) return printCommandHelp('mock-server');

  // Listening before anything is printed: a supervisor may signal as soon as it sees the URL.
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });

  let server;
  try {
    server = await startMockServer({
      port: args.port,
      host: args.host,
      apiKey: args.apiKey,
      chunkDelayMs: args.chunkDelayMs,
      // Only JSON-checked so far: the server validates the fields and its TypeError names the bad one.
      faults: args.faults as FaultSpec[],
      log: !args.quiet,
    });
  } catch (error) {
    if (error instanceof TypeError) return usageError('mock-server', error.message);
    process.stderr.write(`error: could not start the mock server: ${(error as Error).message}\n`);
    return 1;
  }

  const key = args.apiKey === undefined ? 'anything' : '<the --api-key value>';
  process.stdout.write(
    [
      `llmux mock server listening on ${server.url}`,
      '',
      'Point clients at it:',
      `  OpenAI-style:    OPENAI_BASE_URL=${server.openaiBaseURL} OPENAI_API_KEY=${key}`,
      `  Anthropic-style: ANTHROPIC_BASE_URL=${server.anthropicBaseURL} ANTHROPIC_API_KEY=${key}`,
      `  e.g. OPENAI_BASE_URL=${server.openaiBaseURL} OPENAI_API_KEY=${key} llmux chat -m openai/gpt-4o-mini "Hello"`,
      '',
      `Queue faults at runtime: curl -X POST ${server.url}/__mock/faults -d '[{"status":429,"retryAfterMs":200}]'`,
      `Requests seen so far:     curl ${server.url}/__mock/requests`,
      args.faults.length > 0 ? `${args.faults.length} fault(s) queued from --fault.` : '',
      'Press Ctrl-C to stop.',
      '',
    ]
      .filter((line, i, all) => line !== '' || all[i - 1] !== '')
      .join('\n'),
  );

  const signal = await stopped;
  process.stderr.write(`${signal}: stopping the mock server\n`);
  await server.close();
  return 0;
}

/**
 * `llmux chat`: one prompt, the reply streamed to stdout, usage to stderr. Exit 0 on success,
 * 1 when the request fails, 2 for bad usage or configuration, 130 when interrupted.
 */
import { createClient, type LlmuxClient } from '../../client.js';
import { knownProviders } from '../../index.js';
import { redactText } from '../../util/redact.js';
import { APIUserAbortError, ConfigurationError, isLlmuxError } from '../../base/errors.js';
import type { ChatCompletionMessageParam, ChatRequest, ModelResponse } from '../../base/types.js';
import { collectSecrets } from '../collect-secrets.js';
import { formatUsage } from '../format-usage.js';
import { printCommandHelp, usageError } from '../command-usage.js';
import { type ChatArgs, parseChatArgs } from '../parse-chat-args.js';
import { pickDefaultModel } from '../pick-default-model.js';
import { combinePrompt, readStdin } from '../read-stdin.js';
import { shellErrorMessage } from '../shell-error-message.js';
import { createTerminalFilter, stripTerminalControls } from '../strip-terminal-controls.js';

export async function runChat(argv: string[]): Promise<number> {
  const parsed = parseChatArgs(argv);
  if (!parsed.ok) return usageError('chat', parsed.message);
  const args = parsed.value;
  if (args.help) return printCommandHelp('chat');

  let prompt = args.prompt;
  if (prompt === undefined) {
    if (process.stdin.isTTY) return usageError('chat', 'give a prompt as arguments, or pipe one on stdin');
    prompt = (await readStdin()).trimEnd();
    if (prompt.trim() === '') return usageError('chat', 'the prompt read from stdin is empty');
  } else if (!process.stdin.isTTY) {
    // `git diff | llmux chat "Review this:"`: the words are the instruction, stdin the material.
    prompt = combinePrompt(prompt, await readStdin());
  }

  const env = process.env;
  let model = args.model;
  if (model === undefined) {
    const pick = pickDefaultModel(env, knownProviders());
    model = pick.model;
    if (pick.note !== undefined) process.stderr.write(`${pick.note}\n`);
  }

  const client = createClient(args.timeoutMs === undefined ? {} : { timeout: args.timeoutMs });
  const controller = new AbortController();
  let interrupted = false;
  const onInterrupt = (): void => {
    // A second Ctrl-C means the user does not want to wait for a clean stop.
    if (interrupted) process.exit(130);
    interrupted = true;
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  try {
    const request = buildRequest(model, prompt, args);
    const response = args.stream
      ? await streamReply(client, request, controller.signal, args.json)
      : await client.complete(request, { signal: controller.signal });
    if (args.json) process.stdout.write(`${JSON.stringify(response, null, 2)}\n`);
    else if (!args.stream) process.stdout.write(`${forTerminal(process.stdout, response.choices[0]?.message.content ?? '')}\n`);
    process.stderr.write(`${formatUsage(response)}\n`);
    return 0;
  } catch (error) {
    const secrets = collectSecrets(env);
    if (interrupted || error instanceof APIUserAbortError) {
      if (args.json && isLlmuxError(error) && error.partialResponse !== undefined) {
        process.stdout.write(`${JSON.stringify(error.partialResponse, null, 2)}\n`);
      }
      process.stderr.write('interrupted\n');
      return 130;
    }
    const message = shellErrorMessage(error, 'or choose another model with -m provider/model');
    process.stderr.write(`error: ${forTerminal(process.stderr, redactText(message, secrets))}\n`);
    return error instanceof ConfigurationError ? 2 : 1;
  } finally {
    process.off('SIGINT', onInterrupt);
    client.close();
  }
}

function buildRequest(model: string, prompt: string, args: ChatArgs): ChatRequest {
  const messages: ChatCompletionMessageParam[] = [];
  if (args.system !== undefined) messages.push({ role: 'system', content: args.system });
  messages.push({ role: 'user', content: prompt });
  return {
    model,
    messages,
    ...(args.temperature === undefined ? {} : { temperature: args.temperature }),
    ...(args.maxTokens === undefined ? {} : { max_tokens: args.maxTokens }),
  };
}

/** Writes each text delta as it arrives (unless JSON was asked for) and returns the assembled response. */
async function streamReply(client: LlmuxClient, request: ChatRequest, signal: AbortSignal, json: boolean): Promise<ModelResponse> {
  const stream = client.stream(request, { signal });
  // On a terminal, escape sequences in the model's text are removed, even split across deltas.
  const filter = process.stdout.isTTY === true ? createTerminalFilter() : undefined;
  let wrote = false;
  try {
    for await (const text of stream.textStream) {
      if (json) continue;
      process.stdout.write(filter === undefined ? text : filter.push(text));
      wrote = true;
    }
  } catch (error) {
    // Whatever arrived before a failure or Ctrl-C stays on screen, ended by a newline.
    if (wrote) process.stdout.write('\n');
    throw error;
  }
  if (!json) process.stdout.write('\n');
  return stream.finalResponse();
}

/** Text from the provider as it may be shown: stripped of terminal control sequences when it goes to a terminal. */
function forTerminal(out: NodeJS.WriteStream, text: string): string {
  return out.isTTY === true ? stripTerminalControls(text) : text;
}

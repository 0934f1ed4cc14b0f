/**
 * Help texts. Plain strings with no imports, so `--help` costs nothing to load.
 */

export const COMMANDS = ['chat', 'mock-server', 'demo'] as const;
export type CommandName = (typeof COMMANDS)[number];

export function isCommandName(value: string): value is CommandName {
  return (COMMANDS as readonly string[]).includes(value);
}

export const MAIN_HELP = `llmux: one call shape over OpenAI, Anthropic, OpenRouter and OpenAI-compatible servers.

Usage:
  llmux <command> [options]

Commands:
  chat          Send a prompt to a model and stream the reply
  mock-server   Run a local OpenAI/Anthropic-compatible server with fault injection
  demo          Tour completion, streaming, tools, retries and typed errors against the mock server

Options:
  -h, --help     Show help (also: llmux <command> --help)
  -v, --version  Show the llmux version
`;

export const COMMAND_HELP: Record<CommandName, string> = {
  chat: `Usage:
  llmux chat [options] [prompt...]
  echo "prompt" | llmux chat [options]

Sends one prompt and streams the reply to stdout; token usage goes to stderr.

Options:
  -m, --model <provider/model>  Model to use (default: $LLMUX_MODEL, else the first provider
                                with a key among OPENAI_API_KEY, ANTHROPIC_API_KEY,
                                OPENROUTER_API_KEY, else the built-in mock/llmux-echo)
  -s, --system <text>           System message
  -t, --temperature <n>         Sampling temperature
      --max-tokens <n>          Longest reply, in tokens
      --no-stream               Wait for the whole reply instead of streaming it
      --json                    Print the final response as JSON
  -h, --help                    Show this help

Base URLs come from <PROVIDER>_BASE_URL, e.g. OPENAI_BASE_URL=http://127.0.0.1:8787/v1.
Exit codes: 0 ok, 1 request failed, 2 bad usage or configuration, 130 interrupted.
`,
  'mock-server': `Usage:
  llmux mock-server [options]

Runs a deterministic local server speaking OpenAI Chat Completions (/v1/chat/completions)
and Anthropic Messages (/v1/messages) until Ctrl-C.

Options:
  -p, --port <n>          Port (default 8787; 0 picks a free one)
      --host <host>       Interface (default 127.0.0.1)
      --api-key <key>     Require this key; other keys get a 401
      --chunk-delay <ms>  Delay between streamed events
      --fault <json>      Queue a fault, repeatable, e.g. --fault '{"status":429,"retryAfterMs":200}'
                          Fields: status, retryAfter, retryAfterMs, body, contentType,
                          resetBeforeHeaders, resetAfterChunks, stallAfterChunks,
                          delayFirstByteMs, malformedAfterChunks, times, api
  -q, --quiet             Do not log each request
  -h, --help              Show this help
`,
  demo: `Usage:
  llmux demo

Starts the mock server in-process and shows, over real HTTP: a completion, a stream, a tool
call round trip, a 429 recovered by a retry, and a stream cut mid-way surfacing as a typed
error with its partial text. With OPENAI_API_KEY (or ANTHROPIC_API_KEY, OPENROUTER_API_KEY)
set, it finally makes one short real call.
`,
};

/**
 * Help texts. Plain strings with no imports, so `--help` costs nothing to load.
 */

export const COMMANDS = ['chat', 'models', 'cost', 'tokens', 'mock-server', 'demo', 'adapter'] as const;
export type CommandName = (typeof COMMANDS)[number];

export function isCommandName(value: string): value is CommandName {
  return (COMMANDS as readonly string[]).includes(value);
}

export const MAIN_HELP = `llmux: one call shape over OpenAI, Anthropic, OpenRouter and OpenAI-compatible servers.

Usage:
  llmux <command> [options]

Commands:
  chat          Send a prompt to a model and stream the reply
  models        List models with prices, limits and capabilities; import a newer price table
  cost          Price a call from its token counts
  tokens        Count the tokens of a text for a model
  mock-server   Run a local OpenAI/Anthropic-compatible server with fault injection
  demo          Tour completion, streaming, tools, retries and typed errors against the mock server
  adapter       Test a provider adapter with the conformance kit; record fixtures; draft a new one

Options:
  -h, --help     Show help (also: llmux <command> --help)
  -v, --version  Show the llmux version
`;

export const COMMAND_HELP: Record<CommandName, string> = {
  chat: `Usage:
  llmux chat [options] [prompt...]
  echo "prompt" | llmux chat [options]
  git diff | llmux chat [options] "Review this change:"

Sends one prompt and streams the reply to stdout; token usage goes to stderr. With both a
prompt and piped stdin, the prompt comes first, then a blank line, then stdin. Stdin is read
whenever it is not a terminal: from a script that leaves it open, add </dev/null. On a
terminal, control sequences in the reply (screen clears, clipboard writes, window titles) are
removed; piped output and --json are left as the model sent them.

Options:
  -m, --model <provider/model>  Model to use (default: $LLMUX_MODEL, else the first provider
                                with a key among OPENAI_API_KEY, ANTHROPIC_API_KEY,
                                OPENROUTER_API_KEY, else the built-in mock/llmux-echo)
  -s, --system <text>           System message
  -t, --temperature <n>         Sampling temperature
      --max-tokens <n>          Longest reply, in tokens
      --no-stream               Wait for the whole reply instead of streaming it
      --json                    Print the final response as JSON
      --timeout <ms>            Longest wait for the response, or between two pieces of a
                                stream, before an attempt fails (default 600000); failed
                                attempts are retried twice
  -h, --help                    Show this help

Base URLs come from <PROVIDER>_BASE_URL, e.g. OPENAI_BASE_URL=http://127.0.0.1:8787/v1.
Exit codes: 0 ok, 1 request failed, 2 bad usage or configuration, 130 interrupted.
`,
  models: `Usage:
  llmux models [filter...] [options]
  llmux models import <litellm-json> [-o <file>] [--openrouter <openrouter-json>]

Lists the model table: context window, max output, prices in USD per million tokens (input,
output, cache read; - where the table has none) and capabilities. A filter keeps the models
whose id contains every given word, ignoring case. Exits 1 when nothing matches, naming the
closest models.

Options:
  -p, --provider <id>  Only this provider's models (openai, anthropic, openrouter, groq, ...)
  -n, --limit <n>      Show at most n models
      --json           Print the models as a JSON array of their full table entries
      --table <file>   Load this table first (a file from llmux models import, or litellm's
                       model_prices_and_context_window.json); it answers for its providers
      --source         Print where the table came from
  -h, --help           Show this help

Capabilities: tools (function calling), vision, reasoning, schema (JSON Schema output),
cache (prompt caching), pdf, audio, web (web search).

llmux models import reads litellm's model_prices_and_context_window.json (and, with
--openrouter, a saved answer of OpenRouter's GET /api/v1/models) and writes a table file:
  -o, --out <file>     Where to write it (default: llmux-models.json)
      --openrouter <f> OpenRouter's model list; its prices win for openrouter/ models
Load the file with --table here, or with loadModelTable() from llmux/models.
`,
  cost: `Usage:
  llmux cost -m <model> --input <n> --output <n> [options]

Prices a call by the model table, in USD, with a line per kind of token.

Options:
  -m, --model <model>    Model, e.g. openai/gpt-4o, gpt-4o, anthropic/claude-sonnet-4-5
      --input <n>        Prompt tokens: the whole prompt, cached and cache-write tokens included
      --output <n>       Completion tokens: the whole completion, reasoning tokens included
      --cached <n>       Of --input, tokens read from the prompt cache
      --cache-write <n>  Of --input, tokens written to the prompt cache
      --reasoning <n>    Of --output, reasoning tokens
      --json             Print the cost as JSON
      --table <file>     Load this model table first (see llmux models --help)
  -h, --help             Show this help

Counts are whole numbers, optionally grouped (200,000 or 200_000). These are the fields of
an OpenAI usage object: --input is prompt_tokens, --cached prompt_tokens_details.cached_tokens,
--output completion_tokens, --reasoning completion_tokens_details.reasoning_tokens.
Exit codes: 0 ok, 1 the table has no price for the model, 2 bad usage or unknown model.
`,
  tokens: `Usage:
  llmux tokens -m <model> [file]
  cat prompt.txt | llmux tokens -m <model>

Counts the tokens of a text (the file, or stdin when there is none or it is -). The first line
of output is the count; then the method and the share of the model's context window.

Methods:
  tokenizer  exact, for OpenAI models, with gpt-tokenizer (npm install gpt-tokenizer)
  provider   exact, from Anthropic's count_tokens endpoint (needs ANTHROPIC_API_KEY)
  estimate   from character counts, for other models or when neither is available

Options:
  -m, --model <model>  Model, e.g. openai/gpt-4o, anthropic/claude-sonnet-4-5, ollama/llama3.1
      --json           Print { model, tokens, method, encoding?, note?, contextWindow? } as JSON
      --table <file>   Load this model table first (for the context window)
  -h, --help           Show this help
`,
  'mock-server': `Usage:
  llmux mock-server [options]

Runs a deterministic local server speaking OpenAI Chat Completions (/v1/chat/completions),
OpenAI Responses (/v1/responses) and Anthropic Messages (/v1/messages,
/v1/messages/count_tokens) until Ctrl-C.

Options:
  -p, --port <n>          Port (default 8787; 0 picks a free one)
      --host <host>       Interface (default 127.0.0.1)
      --api-key <key>     Require this key; other keys get a 401
      --chunk-delay <ms>  Delay between streamed events
      --fault <json>      Queue a fault, repeatable, e.g. --fault '{"status":429,"retryAfterMs":200}'
                          Fields: status, retryAfter, retryAfterMs, body, contentType,
                          resetBeforeHeaders, resetAfterChunks, endAfterChunks, stallAfterChunks,
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
  adapter: `Usage:
  llmux adapter test <provider> [--fixtures <dir|file>] [--adapter <module>] [--json] [-q]
  llmux adapter test <provider> --live [--model <model>] [--base-url <url>]
  llmux adapter record <provider> --model <model> [--out <dir>] [--base-url <url>]
  llmux adapter new <provider> --docs <file|url> [--reference <file|url>] [-m <generator-model>]
                    [--base-url <url>] [--key-env <VAR> --model <model>] [--max-iterations <n>]
                    [--out <dir> [--force]]

test runs the conformance kit: every check (text, tool calls, usage, stop reasons, error
mapping, abort, a cut stream, unicode split across reads, ...) against a local fake server that
replays fixtures: the provider's built-in set (openai and each compatible preset, anthropic,
openrouter), or the cases in --fixtures. With --live it runs the live subset against the real
endpoint instead, with the key from the provider's env var (e.g. OPENAI_API_KEY) and the base
URL from <PROVIDER>_BASE_URL; that makes a few short paid calls.

record sends a few requests (plain, streamed, tool call, a bad key) to the endpoint and saves
each exchange as a fixture file. Keys and auth headers are never written.

new drafts an adapter from the provider's API docs: a model (-m, default $LLMUX_GENERATOR_MODEL
or $LLMUX_MODEL) extracts the provider's patterns and documented examples; the adapter is
rendered from a template, checked with the kit in a child process against fixtures made from
the examples (and live with --key-env), and refined on the failures up to --max-iterations
(default 3). Writes <out>/<provider>/ (the adapter), <out>/fixtures/, spec.json, report.json
and REPORT.md (default out: llmux-adapter-<provider>); an existing non-empty out folder is
refused unless --force is given. The key is read from the variable --key-env names and reaches
only the checking child's environment. See docs/adapter-generator.md.

Options:
      --fixtures <path>   Cases to replay: a directory of .json/.jsonl files, or one file
      --adapter <module>  Test this adapter module (default export, "adapter", or its one
                          adapter-shaped export) instead of the provider's built-in one
      --live              Run the live checks against the real endpoint
  -m, --model <model>     Model for --live and record (--live defaults: openai gpt-4o-mini,
                          anthropic claude-haiku-4-5, openrouter openai/gpt-4o-mini); for new,
                          -m is the generator's model and --model the live check's
      --base-url <url>    Endpoint for --live and record (default: <PROVIDER>_BASE_URL, then
                          the provider's own)
  -o, --out <dir>         Where record writes (default llmux-fixtures/<provider>), or new
      --timeout <ms>      Time limit per call (default 5000 replayed, 60000 live); for new,
                          per check run (default 120000)
      --docs <file|url>   new: the provider's API docs
      --reference <file>  new: a reference implementation to read too
      --key-env <VAR>     new: the variable holding a key for the live check
      --max-iterations <n>  new: drafts to try (default 3)
      --force             new: write into a non-empty --out folder, replacing the adapter,
                          fixtures/, spec.json, report.json and REPORT.md there
      --json              Print the report as JSON (for scripts and the adapter generator)
  -q, --quiet             Print only the summary and the failures
  -h, --help              Show this help

Exit codes: 0 every check passed (skips allowed; for new: a draft passed), 1 a check failed,
a recording failed or no draft passed,
2 bad usage or configuration. The fixture format is described in docs/conformance.md.
`,
};

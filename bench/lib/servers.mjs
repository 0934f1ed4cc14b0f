// The local servers the benchmarks talk to, on 127.0.0.1 only. They answer from bytes prepared
// in advance, so that what is measured is the client, not the server.
import http from 'node:http';
export { textHash } from './text-hash.mjs';

export const MODEL = 'gpt-4o-mini';
export const REPLY_TEXT = 'Hello! How can I help you today?';
const ID = 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT';
const CREATED = 1741569952;
const SERVED_MODEL = 'gpt-4o-mini-2024-07-18';
const FINGERPRINT = 'fp_06737a9306';
const USAGE = {
  prompt_tokens: 19,
  completion_tokens: 10,
  total_tokens: 29,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
};

/** A `chat.completion` as OpenAI sends it for a one-line answer. */
export function completionBody(text = REPLY_TEXT) {
  return JSON.stringify({
    id: ID,
    object: 'chat.completion',
    created: CREATED,
    model: SERVED_MODEL,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: USAGE,
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
  });
}

function chunk(delta, finishReason = null) {
  return {
    id: ID,
    object: 'chat.completion.chunk',
    created: CREATED,
    model: SERVED_MODEL,
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    usage: null,
  };
}

/**
 * An OpenAI `chat.completion.chunk` stream as sent with `stream_options.include_usage`: a role
 * chunk, one chunk per piece of text, a finish chunk, a usage chunk, then `[DONE]`.
 */
export function sseBody(pieces, usage = USAGE) {
  const events = [chunk({ role: 'assistant', content: '', refusal: null })];
  for (const piece of pieces) events.push(chunk({ content: piece }));
  events.push(chunk({}, 'stop'));
  events.push({ ...chunk({}), choices: [], usage });
  return `${events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('')}data: [DONE]\n\n`;
}

const WORDS = [
  'The',
  ' quick',
  ' brown',
  ' fox',
  ' jumps',
  ' over',
  ' the',
  ' lazy',
  ' dog',
  ',',
  ' and',
  ' then',
  ' it',
  ' naps',
  ' in',
  ' warm',
  ' sun',
  '.',
  ' Café',
  ' 🦊',
];

/** `count` short words (a few are not ASCII, to keep decoders honest). */
export function streamPieces(count) {
  return Array.from({ length: count }, (_, i) => WORDS[(i * 7 + (i >> 3)) % WORDS.length]);
}

const ANTHROPIC_MODEL = 'claude-sonnet-4-5-20250929';
const ANTHROPIC_MESSAGE_ID = 'msg_01XFDUDYJgAACzvnptvVoYEL';

/** A Messages API `message` as Anthropic sends it for a one-line, non-streaming answer. */
export function anthropicMessageBody(text = REPLY_TEXT) {
  return JSON.stringify({
    id: ANTHROPIC_MESSAGE_ID,
    type: 'message',
    role: 'assistant',
    model: ANTHROPIC_MODEL,
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: 12,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      output_tokens: 10,
      service_tier: 'standard',
    },
  });
}

/**
 * An Anthropic Messages stream as the API sends it: message_start, content_block_start, a ping,
 * one text_delta per piece, content_block_stop, message_delta (stop reason, output tokens) and
 * message_stop, each a named event (`event: <type>` then `data: <json>`).
 */
export function anthropicSseBody(pieces, usage = { input_tokens: 12, output_tokens: pieces.length }) {
  const events = [
    {
      type: 'message_start',
      message: {
        id: ANTHROPIC_MESSAGE_ID,
        type: 'message',
        role: 'assistant',
        content: [],
        model: ANTHROPIC_MODEL,
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: usage.input_tokens,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: 1,
          service_tier: 'standard',
        },
      },
    },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    { type: 'ping' },
  ];
  for (const piece of pieces) events.push({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } });
  events.push({ type: 'content_block_stop', index: 0 });
  events.push({
    type: 'message_delta',
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
  });
  events.push({ type: 'message_stop' });
  return events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join('');
}

/**
 * Starts a server for `POST /v1/chat/completions`: `json` answers non-streaming requests,
 * `sse` answers `"stream": true` ones, written in `writeSize`-byte writes.
 */
export function startChatServer({ json = completionBody(), sse = sseBody(['Hello', '!']), writeSize = 64 * 1024 } = {}) {
  return startServer({
    path: '/chat/completions',
    prefix: '/v1',
    json,
    sse,
    writeSize,
    headers: (n) => ({ 'x-request-id': `req_${n}`, 'openai-processing-ms': '1' }),
  });
}

/**
 * An OpenAI Responses API stream as the API sends it (named events, a sequence number on each):
 * response.created, in_progress, the message item and its content part, one output_text.delta
 * per piece, the done events, response.completed with usage.
 */
export function responsesSseBody(pieces, usage = { input_tokens: 12, output_tokens: pieces.length, total_tokens: pieces.length + 12 }) {
  const id = 'resp_0bench5a1f2c3d4e5f60718293a4b5c6d7e8f9';
  const item = 'msg_0bench5a1f2c3d4e5f60718293a4b5c6d7e8f9';
  const base = { id, object: 'response', created_at: CREATED, model: 'gpt-5-mini-2025-08-07', store: false };
  let n = 0;
  const event = (type, fields) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: n++, ...fields })}\n\n`;
  const text = pieces.join('');
  const out = [
    event('response.created', { response: { ...base, status: 'in_progress', output: [], usage: null } }),
    event('response.in_progress', { response: { ...base, status: 'in_progress', output: [], usage: null } }),
    event('response.output_item.added', {
      output_index: 0,
      item: { id: item, type: 'message', status: 'in_progress', content: [], role: 'assistant' },
    }),
    event('response.content_part.added', {
      item_id: item,
      output_index: 0,
      content_index: 0,
      part: { type: 'output_text', annotations: [], logprobs: [], text: '' },
    }),
  ];
  for (const delta of pieces)
    out.push(
      event('response.output_text.delta', { item_id: item, output_index: 0, content_index: 0, delta, logprobs: [], obfuscation: 'x9Qm2' }),
    );
  const message = {
    id: item,
    type: 'message',
    status: 'completed',
    content: [{ type: 'output_text', annotations: [], logprobs: [], text }],
    role: 'assistant',
  };
  out.push(
    event('response.output_text.done', { item_id: item, output_index: 0, content_index: 0, text, logprobs: [] }),
    event('response.content_part.done', { item_id: item, output_index: 0, content_index: 0, part: message.content[0] }),
    event('response.output_item.done', { output_index: 0, item: message }),
    event('response.completed', { response: { ...base, status: 'completed', output: [message], usage } }),
  );
  return out.join('');
}

/** Starts a server for OpenAI's `POST /v1/responses`, answering `"stream": true` requests with `sse`. */
export function startResponsesServer({ sse, writeSize = 64 * 1024 }) {
  const error = JSON.stringify({ error: { message: 'this bench server only streams', type: 'invalid_request_error' } });
  return startServer({ path: '/responses', prefix: '/v1', json: error, sse, writeSize, headers: (n) => ({ 'x-request-id': `req_${n}` }) });
}

const MESSAGES_ONLY_STREAM = JSON.stringify({
  type: 'error',
  error: { type: 'invalid_request_error', message: 'this bench server only streams' },
});

/**
 * Starts a server for Anthropic's `POST /v1/messages`, answering `"stream": true` requests with
 * `sse` and others with `json` (by default an error: such a server only streams). Its base URL
 * has no `/v1`, as the Anthropic SDK expects.
 */
export function startMessagesServer({ json = MESSAGES_ONLY_STREAM, sse, writeSize = 64 * 1024 }) {
  return startServer({ path: '/v1/messages', prefix: '', json, sse, writeSize, headers: (n) => ({ 'request-id': `req_${n}` }) });
}

function startServer({ path, prefix, json, sse, writeSize, headers: headersFor }) {
  const jsonBytes = Buffer.from(json);
  const sseBytes = Buffer.from(sse);
  const sseSlices = [];
  for (let i = 0; i < sseBytes.length; i += writeSize) sseSlices.push(sseBytes.subarray(i, i + writeSize));
  let requests = 0;
  let connections = 0;
  const server = http.createServer((req, res) => {
    const parts = [];
    req.on('data', (d) => parts.push(d));
    req.on('end', () => {
      requests++;
      let body;
      try {
        body = JSON.parse(Buffer.concat(parts).toString('utf8'));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"bad json","type":"invalid_request_error"}}');
        return;
      }
      if (req.method !== 'POST' || !req.url.split('?')[0].endsWith(path)) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found","type":"invalid_request_error"}}');
        return;
      }
      const headers = headersFor(requests);
      if (body.stream === true) {
        res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
        for (const slice of sseSlices) res.write(slice);
        res.end();
      } else {
        res.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': jsonBytes.length });
        res.end(jsonBytes);
      }
    });
  });
  server.on('connection', () => connections++);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        baseURL: `http://127.0.0.1:${port}${prefix}`,
        get requests() {
          return requests;
        },
        /** TCP connections accepted so far (a keep-alive client reuses them). */
        get connections() {
          return connections;
        },
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

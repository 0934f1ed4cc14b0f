/**
 * The check that an answer to a stream request is an event stream at all, before the SSE loop
 * reads it. Lives beside the loop, so only a program that streams carries it.
 */
import { InvalidResponseError } from '../base/errors.js';
import { redactText } from '../util/redact.js';
import type { TransportResponse } from '../transport/transport-types.js';

/** Who answered: names the error and says what to scrub from the quoted body. */
export interface StreamOrigin {
  provider: string;
  model: string;
  secrets: readonly string[];
}

/** Bytes of a suspect body read to decide; the rest is never read. */
const PEEK_LIMIT = 1024;
/** The start of an SSE body: a field line (`data:`, `event:`, `id:`, `retry:`) or a comment (`:`). */
const SSE_START = /^\uFEFF?\s*(?:data|event|id|retry)?:/;
/** A start that more bytes may still turn into an SSE start. */
const SSE_PREFIX = /^\uFEFF?\s*(?:d(?:a(?:ta?)?)?|e(?:v(?:e(?:nt?)?)?)?|id?|r(?:e(?:t(?:ry?)?)?)?)?$/;

/**
 * The response's body, when it is an event stream (as it arrives). An HTML page (a proxy's login
 * or error page), a JSON body from a server that ignored `stream: true` and the like are
 * answers, not cut streams: an `InvalidResponseError` quoting them, which no retry would change
 * (a retry would only resend the paid request for the same page). A body that reads as SSE
 * under another content type (some gateways label it `application/json`) is accepted; an empty
 * one is left to the loop, which reports the truncation it is.
 */
export async function requireEventStream(
  response: TransportResponse,
  origin: StreamOrigin | undefined,
): Promise<AsyncIterator<Uint8Array>> {
  return eventStreamBody(response, origin);
}

/** `requireEventStream` without an async step for the usual answer, labelled `text/event-stream` (the SSE loop's, once per stream). */
export function eventStreamBody(
  response: TransportResponse,
  origin: StreamOrigin | undefined,
): AsyncIterator<Uint8Array> | Promise<AsyncIterator<Uint8Array>> {
  const type = response.headers['content-type'] ?? '';
  const body = response.body[Symbol.asyncIterator]();
  return EVENT_STREAM.test(type) ? body : peekForEventStream(response, body, type, origin);
}

const EVENT_STREAM = /^\s*text\/event-stream\s*(?:;|$)/i;

/** A body labelled otherwise, read far enough to tell whether it is an event stream after all. */
async function peekForEventStream(
  response: TransportResponse,
  body: AsyncIterator<Uint8Array>,
  type: string,
  origin: StreamOrigin | undefined,
): Promise<AsyncIterator<Uint8Array>> {
  const peeked: Uint8Array[] = [];
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  let read: IteratorResult<Uint8Array> = { done: false, value: new Uint8Array() };
  while (size < PEEK_LIMIT && !(read = await body.next()).done) {
    peeked.push(read.value);
    size += read.value.byteLength;
    text += decoder.decode(read.value, { stream: true });
    if (!SSE_PREFIX.test(text)) break;
  }
  if (SSE_START.test(text) || (read.done === true && text.trim() === '')) return replay(peeked, body, read.done === true);
  if (read.done !== true) void body.return?.(undefined);
  response.cancel();
  const snippet = redactText(text.length > 200 ? `${text.slice(0, 200)}…` : text, origin?.secrets);
  const provider = origin?.provider ?? 'The provider';
  throw new InvalidResponseError(
    `${provider} answered a stream request with ${type === '' ? 'no content type' : `content type ${JSON.stringify(type.slice(0, 100))}`} and a body that is not an event stream ` +
      `(a proxy's page, or a server that ignored stream: true; check the base URL): ${JSON.stringify(snippet)}`,
    {
      status: response.status,
      provider: origin?.provider,
      model: origin?.model,
      requestId: response.headers['x-request-id'] ?? response.headers['request-id'],
      retryable: false,
      code: 'NOT_EVENT_STREAM',
    },
  );
}

/** The bytes already read, then the rest of the body; letting go early releases the body. */
async function* replay(peeked: readonly Uint8Array[], rest: AsyncIterator<Uint8Array>, ended: boolean): AsyncGenerator<Uint8Array> {
  let done = ended;
  try {
    yield* peeked;
    if (ended) return;
    for (let read = await rest.next(); !read.done; read = await rest.next()) yield read.value;
    done = true;
  } finally {
    if (!done) void rest.return?.(undefined);
  }
}

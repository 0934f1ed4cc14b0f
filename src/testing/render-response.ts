/**
 * A fixture's response as the bytes a server sends: the body with the key put back where the
 * recording found it, its content type, and where each SSE event ends. Pure.
 */
import { API_KEY_PLACEHOLDER, type FixtureEvent, type FixtureResponse } from './fixture-types.js';

export interface RenderedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Byte offsets just past each event's blank line (empty for a body that is not an event stream). */
  eventEnds: number[];
}

/** Headers the replay server sets itself; a recorded value would lie about the replayed body. */
const OWN_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'content-encoding', 'keep-alive']);

export function renderResponse(response: FixtureResponse, apiKey: string): RenderedResponse {
  const text = bodyText(response).split(API_KEY_PLACEHOLDER).join(apiKey);
  const headers: Record<string, string> = { 'content-type': defaultContentType(response) };
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (!OWN_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value.split(API_KEY_PLACEHOLDER).join(apiKey);
  }
  const body = Buffer.from(text, 'utf8');
  return { status: response.status, headers, body, eventEnds: isEventStream(headers) ? eventEnds(body) : [] };
}

/** The body text before the key is substituted. */
function bodyText(response: FixtureResponse): string {
  if (response.events !== undefined) return response.events.map(formatEvent).join('');
  if (response.json !== undefined) return JSON.stringify(response.json);
  return response.body ?? '';
}

export function formatEvent(event: FixtureEvent): string {
  let out = '';
  if (event.event !== undefined) out += `event: ${event.event}\n`;
  if (event.id !== undefined) out += `id: ${event.id}\n`;
  const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
  for (const line of data.split('\n')) out += `data: ${line}\n`;
  return `${out}\n`;
}

function defaultContentType(response: FixtureResponse): string {
  if (response.events !== undefined) return 'text/event-stream';
  if (response.json !== undefined) return 'application/json';
  return /^\s*[[{]/.test(response.body ?? '') ? 'application/json' : 'text/plain; charset=utf-8';
}

function isEventStream(headers: Record<string, string>): boolean {
  return (headers['content-type'] ?? '').includes('text/event-stream');
}

/** Offsets just past each blank line (LF LF, CR LF CR LF or CR CR) that ends an event. */
function eventEnds(body: Buffer): number[] {
  const ends: number[] = [];
  const text = body.toString('latin1'); // one char per byte, so string offsets are byte offsets
  const blank = /\r\n\r\n|\n\n|\r\r/g;
  for (let m = blank.exec(text); m !== null; m = blank.exec(text)) ends.push(m.index + m[0].length);
  return ends;
}

/** True when the body has bytes outside ASCII: multi-byte characters a split could cut. */
export function hasMultiByteText(body: Buffer): boolean {
  for (const byte of body) if (byte >= 0x80) return true;
  return false;
}

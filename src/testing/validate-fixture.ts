/**
 * Checks that a parsed JSON value is a usable conformance fixture, naming the field at fault, so
 * a hand-written or generated fixture file fails with a sentence rather than a crash mid-run. Pure.
 */
import type { ConformanceFixture } from './fixture-types.js';

const STATUS_RANGE = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= 100 && (n as number) <= 599;

export function validateFixture(value: unknown): string[] {
  const problems: string[] = [];
  const fail = (why: string): number => problems.push(why);
  if (!isObject(value)) return [`a fixture must be an object, got ${kind(value)}`];
  const f = value as Record<string, unknown>;
  if (typeof f['id'] !== 'string' || !/^[A-Za-z0-9._-]+$/.test(f['id'])) fail('id must be a string of letters, digits, ".", "_" or "-"');
  if (typeof f['source'] !== 'string' || f['source'].trim() === '')
    fail('source must say where the exchange comes from ("recorded: ..." or "spec-derived: ...")');
  if (f['stream'] !== true && f['stream'] !== false && f['stream'] !== 'both') fail('stream must be true, false or "both"');

  const request = f['request'];
  if (!isObject(request)) fail('request must be an llmux ChatRequest object');
  else {
    if (typeof request['model'] !== 'string' || request['model'] === '') fail('request.model must be a non-empty string');
    if (!Array.isArray(request['messages']) || request['messages'].length === 0) fail('request.messages must be a non-empty array');
  }

  const expectRequest = f['expectRequest'];
  if (expectRequest !== undefined) {
    if (!isObject(expectRequest)) fail('expectRequest must be an object');
    else {
      if (typeof expectRequest['path'] !== 'string' || !expectRequest['path'].startsWith('/'))
        fail('expectRequest.path must start with "/" (relative to the base URL)');
      if (expectRequest['method'] !== undefined && expectRequest['method'] !== 'POST' && expectRequest['method'] !== 'GET')
        fail('expectRequest.method must be POST or GET');
      if (expectRequest['authHeader'] !== undefined && typeof expectRequest['authHeader'] !== 'string')
        fail('expectRequest.authHeader must be a header name');
      if (expectRequest['headers'] !== undefined && !isStringRecord(expectRequest['headers']))
        fail('expectRequest.headers must map names to string values');
      if (expectRequest['body'] !== undefined && !isObject(expectRequest['body']))
        fail('expectRequest.body must be an object of pinned fields');
      if (expectRequest['bodyAbsent'] !== undefined && !isStringArray(expectRequest['bodyAbsent']))
        fail('expectRequest.bodyAbsent must be an array of field names');
    }
  }

  const response = f['response'];
  if (!isObject(response)) fail('response must be an object with status and a body (events, json or body)');
  else {
    if (!STATUS_RANGE(response['status'])) fail(`response.status must be an HTTP status, got ${JSON.stringify(response['status'])}`);
    if (response['headers'] !== undefined && !isStringRecord(response['headers'])) fail('response.headers must map names to string values');
    const bodies = ['events', 'json', 'body'].filter((k) => response[k] !== undefined);
    if (bodies.length > 1) fail(`response must give its body one way; got ${bodies.join(' and ')}`);
    if (response['events'] !== undefined) {
      if (!Array.isArray(response['events'])) fail('response.events must be an array of { event?, data }');
      else
        response['events'].forEach((e, i) => {
          if (!isObject(e) || !('data' in e)) fail(`response.events[${i}] must be an object with data`);
          else if (e['event'] !== undefined && typeof e['event'] !== 'string') fail(`response.events[${i}].event must be a string`);
        });
    }
    if (response['body'] !== undefined && typeof response['body'] !== 'string') fail('response.body must be a string (raw text)');
  }

  const expect = f['expect'];
  if (!isObject(expect)) fail('expect must be an object with response or error');
  else {
    const hasResponse = expect['response'] !== undefined;
    const hasError = expect['error'] !== undefined;
    if (hasResponse === hasError) fail('expect must have exactly one of response and error');
    if (hasResponse && !isObject(expect['response'])) fail('expect.response must be an object');
    if (hasError) {
      const error = expect['error'];
      if (!isObject(error) || typeof error['name'] !== 'string') fail('expect.error must be an object with the error class name');
      else {
        if (error['status'] !== undefined && !STATUS_RANGE(error['status'])) fail('expect.error.status must be an HTTP status');
        if (error['retryAfterMs'] !== undefined && typeof error['retryAfterMs'] !== 'number')
          fail('expect.error.retryAfterMs must be a number');
      }
    }
    if (isObject(expect['response'])) {
      const calls = expect['response']['tool_calls'];
      if (
        calls !== undefined &&
        (!Array.isArray(calls) || calls.some((c) => !isObject(c) || typeof c['name'] !== 'string' || !('arguments' in c)))
      ) {
        fail('expect.response.tool_calls must be an array of { id?, name, arguments }');
      }
    }
    if (f['stream'] === 'both' && !(hasError && isObject(response) && (response['status'] as number) >= 400)) {
      fail('stream "both" is for error answers (status >= 400) only: a success answer differs between complete() and stream()');
    }
  }
  return problems;
}

/** Throws a TypeError listing every problem, prefixed with where the fixture came from. */
export function assertFixture(value: unknown, where: string): asserts value is ConformanceFixture {
  const problems = validateFixture(value);
  if (problems.length > 0) throw new TypeError(`${where}: not a conformance fixture: ${problems.join('; ')}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStringRecord(value: unknown): boolean {
  return isObject(value) && Object.values(value).every((v) => typeof v === 'string');
}

function isStringArray(value: unknown): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function kind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

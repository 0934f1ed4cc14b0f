/**
 * Does a request the adapter sent match what its fixture expects? Each difference comes back as
 * one sentence naming the field, what was expected and what arrived. Pure.
 */
import { isDeepStrictEqual } from 'node:util';
import { isSecretHeader } from '../util/redact.js';
import { type ExpectedRequest, FIXTURE_HEADER } from './fixture-types.js';
import { describeValue } from './describe-value.js';

export interface SentRequest {
  method: string;
  /** Path and query as sent. */
  path: string;
  /** Lower-cased names; raw values (the key included: this runs before anything is stored). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: string;
}

export function checkRequest(expected: ExpectedRequest | undefined, sent: SentRequest, apiKey: string, fixtureId: string): string[] {
  const problems: string[] = [];
  const header = (name: string): string | undefined => {
    const value = sent.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  if (header(FIXTURE_HEADER) !== fixtureId) {
    problems.push(
      `the ${FIXTURE_HEADER} header the kit put in context.headers was not sent: an adapter must send context.headers (callers' extra headers) with every request`,
    );
  }
  if (expected === undefined) return problems;

  const method = expected.method ?? 'POST';
  if (sent.method !== method) problems.push(`method: expected ${method}, got ${sent.method}`);
  const path = sent.path.split('?')[0];
  if (path !== expected.path) problems.push(`path: expected ${expected.path}, got ${path}`);

  if (expected.authHeader !== undefined) {
    const value = header(expected.authHeader);
    if (value === undefined) {
      const carrier = Object.keys(sent.headers).find((name) => (header(name) ?? '').includes(apiKey));
      problems.push(
        `auth: expected the key in the ${expected.authHeader} header, which was not sent${carrier === undefined ? '' : ` (the key went in ${carrier})`}`,
      );
    } else if (!value.includes(apiKey)) {
      problems.push(`auth: the ${expected.authHeader} header does not carry the key the adapter was given (context.apiKey)`);
    }
  }
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    const got = header(name);
    if (got !== value)
      problems.push(
        `header ${name.toLowerCase()}: expected ${JSON.stringify(value)}, got ${isSecretHeader(name) ? '(a credential)' : describeValue(got)}`,
      );
  }

  if (expected.body === undefined && expected.bodyAbsent === undefined) return problems;
  let body: unknown;
  try {
    body = JSON.parse(sent.body);
  } catch {
    problems.push(`body: expected JSON, got ${describeValue(sent.body.slice(0, 120))}`);
    return problems;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    problems.push(`body: expected a JSON object, got ${describeValue(body)}`);
    return problems;
  }
  const fields = body as Record<string, unknown>;
  for (const [field, value] of Object.entries(expected.body ?? {})) {
    if (!(field in fields)) problems.push(`body.${field}: expected ${describeValue(value)}, but the field was not sent`);
    else if (!isDeepStrictEqual(fields[field], value))
      problems.push(`body.${field}: expected ${describeValue(value)}, got ${describeValue(fields[field])}`);
  }
  for (const field of expected.bodyAbsent ?? []) {
    if (field in fields) problems.push(`body.${field}: must not be sent, got ${describeValue(fields[field])}`);
  }
  return problems;
}

// postJson reads its answer in a callback rather than waiting in an async frame (so a call in
// flight holds less); these pin what a caller of the adapter kit relies on either way: a body
// that cannot be sent, or a transport that throws at once, is a rejection, never a throw; an
// answer of 400 or more is read and mapped by the provider's mapper; anything else is the response.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LlmuxError } from '../../src/base/errors.js';
import type { AdapterContext } from '../../src/providers/adapter-types.js';
import { postJson } from '../../src/providers/post-json.js';
import type { HttpErrorInput } from '../../src/util/map-http-error.js';
import type { Transport, TransportRequest, TransportResponse } from '../../src/transport/transport-types.js';

const answer = (status: number, text: string): TransportResponse => ({
  status,
  headers: { 'x-request-id': 'req_1' },
  body: (async function* () {})(),
  text: async () => text,
  cancel: () => undefined,
});

function contextWith(transport: Transport): AdapterContext {
  return { provider: 'acme', model: 'm1', transport, secrets: ['sk-secret-123456'] } as unknown as AdapterContext;
}

const mapError = (input: HttpErrorInput): LlmuxError =>
  new LlmuxError(`mapped ${input.status} ${input.bodyText} ${input.url} ${input.provider}/${input.model}`);

describe('postJson', () => {
  it('sends the body as JSON with the call fields, and resolves with an answer below 400', async () => {
    const sent: TransportRequest[] = [];
    const ok = answer(200, '{}');
    const response = await postJson(
      contextWith({ request: async (request) => (sent.push(request), ok) }),
      'http://127.0.0.1:1/v1/x',
      { 'content-type': 'application/json' },
      { a: 1 },
      mapError,
    );
    assert.equal(response, ok);
    assert.equal(sent[0]?.body, '{"a":1}');
    assert.equal(sent[0]?.method, 'POST');
    assert.deepEqual([sent[0]?.provider, sent[0]?.model], ['acme', 'm1']);
  });

  it("reads an answer of 400 or more and rejects with the mapper's error", async () => {
    const context = contextWith({ request: async () => answer(429, 'slow down') });
    await assert.rejects(
      postJson(context, 'http://127.0.0.1:1/v1/x', {}, {}, mapError),
      /^LlmuxError: mapped 429 slow down http:\/\/127\.0\.0\.1:1\/v1\/x acme\/m1$/,
    );
  });

  it('a body JSON cannot hold, or a transport that throws at once, is a rejection, not a throw', async () => {
    const context = contextWith({ request: async () => answer(200, '{}') });
    const unsendable = postJson(context, 'http://127.0.0.1:1/v1/x', {}, { n: 1n }, mapError);
    assert.ok(unsendable instanceof Promise);
    await assert.rejects(unsendable, TypeError);
    const throwing = contextWith({
      request: () => {
        throw new Error('no socket');
      },
    });
    const refused = postJson(throwing, 'http://127.0.0.1:1/v1/x', {}, {}, mapError);
    assert.ok(refused instanceof Promise);
    await assert.rejects(refused, /no socket/);
  });
});

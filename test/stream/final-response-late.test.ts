// finalResponse() asked for after the stream was read: the response is assembled on demand,
// and the outcome is the one the iteration saw.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APIUserAbortError, createClient } from '../../src/index.js';

const client = createClient({ env: {} });
const messages = [{ role: 'user' as const, content: 'hi' }];

describe('finalResponse() after iterating', () => {
  it('gives the whole response, the same promise and object each time', async () => {
    const stream = client.stream({ model: 'mock/any', messages, mock_response: { chunks: ['Hel', 'lo'] } });
    for await (const _ of stream);
    const first = stream.finalResponse();
    assert.equal(stream.finalResponse(), first);
    const response = await first;
    assert.equal(response.choices[0]?.message.content, 'Hello');
    assert.equal(await stream.finalResponse(), response);
  });

  it('rejects with the abort error and the text so far after the caller stopped early', async () => {
    const stream = client.stream({ model: 'mock/any', messages, mock_response: { chunks: ['one', 'two', 'three'] } });
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) break;
    await assert.rejects(
      stream.finalResponse(),
      (error: unknown) => error instanceof APIUserAbortError && error.partialResponse?.choices[0]?.message.content === 'one',
    );
  });

  it('asked before iterating, settles when the iteration ends', async () => {
    const stream = client.stream({ model: 'mock/any', messages, mock_response: { chunks: ['a', 'b'] } });
    const pending = stream.finalResponse();
    assert.equal((await pending).choices[0]?.message.content, 'ab');
  });
});

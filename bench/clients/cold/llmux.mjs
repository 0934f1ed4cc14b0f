// llmux: one chat completion through a client pointed at the local server.
import { createClient } from 'llmux';
import { fail, finish, localBaseURL } from '../../lib/child-report.mjs';

const BASE_URL = localBaseURL();

try {
  const client = createClient({ providers: { openai: { baseURL: BASE_URL, apiKey: 'bench' } } });
  const response = await client.complete({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] });
  const content = response.choices[0].message.content;
  if (content !== process.env.BENCH_EXPECT) throw new Error(`unexpected reply: ${JSON.stringify(content)}`);
  finish({ contentLength: content.length });
} catch (error) {
  fail(error);
}

// The openai SDK: one chat completion.
import OpenAI from 'openai';
import { fail, finish, localBaseURL } from '../../lib/child-report.mjs';

const BASE_URL = localBaseURL();

try {
  const client = new OpenAI({ baseURL: BASE_URL, apiKey: 'bench' });
  const response = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] });
  const content = response.choices[0].message.content;
  if (content !== process.env.BENCH_EXPECT) throw new Error(`unexpected reply: ${JSON.stringify(content)}`);
  finish({ contentLength: content.length });
} catch (error) {
  fail(error);
}

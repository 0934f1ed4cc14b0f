// The same one-call app, streaming: adds the stream class and the chunk accumulator.
import { createClient, stream } from 'llmux/lite';
import { openai } from 'llmux/openai';

const client = createClient({ providers: { openai: openai() } });
for await (const text of stream(client, { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] }).textStream)
  console.log(text);

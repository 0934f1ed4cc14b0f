// pi-ai: one completion (its registry of every provider comes with the import).
import { complete, getModel } from '@mariozechner/pi-ai';

const res = await complete(getModel('openai', 'gpt-4o-mini'), {
  messages: [{ role: 'user', content: 'Say hello.', timestamp: Date.now() }],
});
console.log(res.content);

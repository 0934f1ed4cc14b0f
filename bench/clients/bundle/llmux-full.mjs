// A one-call app on the full client (`llmux`): every built-in provider loads lazily, so a
// one-file bundle holds them all, both transports and the model table (for cost).
import { complete } from 'llmux';

const res = await complete({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] });
console.log(res.choices[0].message.content);

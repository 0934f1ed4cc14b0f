// The openai SDK: one chat completion.
import OpenAI from 'openai';

const client = new OpenAI();
const res = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] });
console.log(res.choices[0].message.content);

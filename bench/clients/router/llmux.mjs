// llmux without the router: sequential client.complete() calls on one client.
import { createClient } from 'llmux';
import { BASE_URL, runSequential } from './sequential.mjs';

const client = createClient({ providers: { openai: { baseURL: BASE_URL, apiKey: 'bench' } } });
const request = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] };

await runSequential(async () => (await client.complete(request)).choices[0].message.content);

/**
 * Cost, capabilities and token counts: every priced response carries `cost`, and
 * `llmux/models` answers questions about models before any call is made.
 */
import { createClient } from 'llmux';
import { startMockServer } from 'llmux/mock-server';
import { completionCost, countTokens, getModelInfo, registerModel, supportsVision } from 'llmux/models';

// Before calling: pick a model that fits the job.
const info = getModelInfo('anthropic/claude-sonnet-4-5');
console.log(`claude-sonnet-4-5: ${info?.contextWindow} tokens of context, $${(info?.inputCostPerToken ?? 0) * 1e6}/M input`);
console.log('gpt-4o sees images:', supportsVision('gpt-4o'));

// Budgeting without a call: 1,000 prompt tokens (200 of them cached) and 300 output tokens.
const estimate = completionCost({
  model: 'openai/gpt-4o',
  usage: { prompt_tokens: 1000, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 200 } },
});
console.log(`gpt-4o estimate: $${estimate?.total.toFixed(6)} (cached part $${estimate?.breakdown?.cachedInput.toFixed(6)})`);

// Your own deployment, priced like any other model.
registerModel('vllm/my-llama', { inputCostPerToken: 0.1e-6, outputCostPerToken: 0.2e-6, contextWindow: 32768 });

const server = await startMockServer();
const client = createClient({
  providers: {
    openai: { baseURL: server.openaiBaseURL, apiKey: 'example-key' },
    vllm: { baseURL: server.openaiBaseURL },
  },
});
for (const model of ['openai/gpt-4o', 'vllm/my-llama']) {
  const response = await client.complete({ model, messages: [{ role: 'user', content: 'What will this cost?' }] });
  console.log(`${model}: ${response.usage?.total_tokens} tokens, $${response.cost?.total.toFixed(8)} (${response.cost?.source})`);
}

const counted = await countTokens({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'How many tokens is this?' }] });
console.log(`count: ${counted.tokens} tokens by ${counted.method}`);

client.close();
await server.close();

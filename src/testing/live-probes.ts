/**
 * The small set of requests the live checks and the recorder send to a real endpoint: cheap,
 * short, and each one aimed at one behaviour (text with multi-byte characters, a tool call, a
 * cut-off answer, a long answer to abort, a bad key, an unknown model).
 */
import type { ChatRequest, ChatCompletionTool } from '../base/types.js';

const PROBE_TOOL: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'] },
  },
};

/** Text the text probe asks for: multi-byte characters of 2, 3 and 4 bytes in UTF-8. */
const PROBE_TEXT = 'Grüße, 世界! 👋';

/** A key no provider issues, for the authentication probe. */
export const INVALID_KEY = 'llmux-invalid-key-0000000000';

/** A model id no provider serves, for the not-found probe. */
export const UNKNOWN_MODEL = 'llmux-no-such-model';

export interface Probes {
  text: ChatRequest;
  tool: ChatRequest;
  length: ChatRequest;
  long: ChatRequest;
}

export function probeRequests(provider: string, model: string): Probes {
  const id = `${provider}/${model}`;
  return {
    text: {
      model: id,
      max_tokens: 200,
      messages: [{ role: 'user', content: `Reply with exactly this text and nothing else: ${PROBE_TEXT}` }],
    },
    tool: {
      model: id,
      max_tokens: 300,
      messages: [{ role: 'user', content: 'What is the weather in Paris right now? Use the get_weather tool.' }],
      tools: [PROBE_TOOL],
      tool_choice: 'auto',
    },
    length: { model: id, max_tokens: 5, messages: [{ role: 'user', content: 'Write a 300-word story about a lighthouse keeper.' }] },
    long: {
      model: id,
      max_tokens: 1500,
      messages: [{ role: 'user', content: 'Count from 1 to 400, separated by spaces. Output only the numbers.' }],
    },
  };
}

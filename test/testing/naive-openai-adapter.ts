// A minimal OpenAI adapter written the way a first draft often is: it decodes each network read
// on its own, so a character whose bytes arrive in two reads turns into U+FFFD. Everything else
// it does well enough for plain streams. Exported as `default` so it can be loaded by path.
import { mapHttpError } from '../../src/util/map-http-error.js';
import type { ProviderAdapter } from '../../src/providers/adapter-types.js';
import type { ChatCompletionChunk } from '../../src/base/types.js';

const naiveOpenAIAdapter: ProviderAdapter = {
  specificationVersion: 'v1',
  provider: 'openai',
  async *stream(request, context) {
    const response = await context.transport.request({
      url: `${context.baseURL}/chat/completions`,
      method: 'POST',
      headers: { ...context.headers, 'content-type': 'application/json', authorization: `Bearer ${context.apiKey ?? ''}` },
      body: JSON.stringify({
        model: context.model,
        messages: request.messages,
        tools: request.tools,
        max_tokens: request.max_tokens,
        stream: true,
        stream_options: { include_usage: true },
      }),
      signal: context.signal,
      timeoutMs: context.timeoutMs,
      provider: context.provider,
      model: context.model,
    });
    if (response.status >= 400) {
      throw mapHttpError({
        status: response.status,
        headers: response.headers,
        bodyText: await response.text(),
        provider: context.provider,
        model: context.model,
        secrets: context.secrets,
      });
    }
    let buffer = '';
    for await (const piece of response.body) {
      buffer += Buffer.from(piece).toString('utf8'); // the bug
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('\n');
        if (data === '[DONE]') return;
        if (data !== '') yield JSON.parse(data) as ChatCompletionChunk;
      }
    }
  },
};

export default naiveOpenAIAdapter;

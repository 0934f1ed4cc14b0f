/**
 * A stream's text alone: the first choice's text deltas, skipping chunks without text
 * (`LlmStream.textStream`).
 */
import type { ChatCompletionChunk } from '../base/types.js';

/** The text deltas of the first choice of `chunks`, which are iterated once, when this is. */
export function textDeltas(chunks: AsyncIterable<ChatCompletionChunk>): AsyncIterable<string> {
  return {
    [Symbol.asyncIterator]: () => {
      const iterator = chunks[Symbol.asyncIterator]();
      return {
        async next(): Promise<IteratorResult<string>> {
          for (;;) {
            const result = await iterator.next();
            if (result.done === true) return { value: undefined, done: true };
            const text = result.value.choices[0]?.delta.content;
            if (text) return { value: text, done: false };
          }
        },
        return: async (): Promise<IteratorResult<string>> => {
          await iterator.return?.();
          return { value: undefined, done: true };
        },
      };
    },
  };
}

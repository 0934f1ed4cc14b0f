/**
 * Chat content parts -> Responses input content: text, images (URL or `data:` URL) and files
 * (uploaded id or base64 data). Pure.
 */
import { ConfigurationError } from '../../base/errors.js';
import type { ChatCompletionContentPart } from '../../base/types.js';
import type { ResponsesInputContent } from './responses-api-types.js';

/** A user message's parts as `input_*` parts; audio is refused (the Responses API takes none). */
export function convertToResponsesContent(parts: readonly ChatCompletionContentPart[], model: string): ResponsesInputContent[] {
  return parts.map((part): ResponsesInputContent => {
    switch (part.type) {
      case 'text':
        return { type: 'input_text', text: part.text };
      case 'image_url':
        return { type: 'input_image', image_url: part.image_url.url, detail: part.image_url.detail ?? 'auto' };
      case 'file': {
        const { file_id, file_data, filename } = part.file;
        if (file_id !== undefined) return { type: 'input_file', file_id };
        return { type: 'input_file', file_data: file_data ?? '', filename: filename ?? 'file' };
      }
      default:
        throw new ConfigurationError(
          `The OpenAI Responses API takes no "${(part as { type: string }).type}" content parts; send audio through the chat API (api: "chat")`,
          { model },
        );
    }
  });
}

/** The text of a string or of text parts, joined. */
export function contentText(content: string | readonly { type: string; text?: string }[] | null | undefined): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) if (part?.type === 'text' && typeof part.text === 'string') text += part.text;
  return text;
}

/**
 * OpenAI content parts (text, image URLs, files) -> Anthropic content blocks. Pure. Anything
 * Anthropic cannot take is a ConfigurationError here, before a request is made, rather than a
 * vaguer 400 from the API.
 */
import { ConfigurationError } from '../../base/errors.js';
import { messageAt } from '../../util/message-at.js';
import type { ChatCompletionContentPart, ChatCompletionContentPartText } from '../../base/types.js';
import type { AnthropicContentBlock, AnthropicDocumentBlock, AnthropicImageBlock, AnthropicTextBlock } from './anthropic-api-types.js';

interface DataURL {
  mediaType: string;
  base64: boolean;
  data: string;
}

/** Splits `data:<media type>[;params][;base64],<data>`; undefined when `url` is not a data URL. */
function parseDataURL(url: string): DataURL | undefined {
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  if (comma < 0) return undefined;
  const params = url.slice(5, comma).split(';');
  return {
    mediaType: (params[0] ?? '').trim().toLowerCase(),
    base64: params.slice(1).some((p) => p.trim().toLowerCase() === 'base64'),
    data: url.slice(comma + 1),
  };
}

/** A text part; `cache_control` rides along because it is how Anthropic prompt caching is asked for. */
export function convertTextPart(part: ChatCompletionContentPartText): AnthropicTextBlock {
  const block: AnthropicTextBlock = { type: 'text', text: part.text };
  if (part.cache_control !== undefined) block.cache_control = part.cache_control;
  return block;
}

/** Text-only content (system, tool results) -> text blocks. */
export function convertTextContent(content: string | readonly ChatCompletionContentPartText[]): AnthropicTextBlock[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map(convertTextPart);
}

/** User content -> blocks. `index` is the message's place in the request (see `messageAt`). */
export function convertUserContent(content: string | readonly ChatCompletionContentPart[], index: number): AnthropicContentBlock[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, i) => convertPart(part, index, i));
}

/** Where a content part is, for error texts: `messages[3].content[0]`. */
function partAt(index: number, at: number): string {
  return messageAt(index, `.content[${at}]`);
}

function convertPart(part: ChatCompletionContentPart, index: number, at: number): AnthropicContentBlock {
  switch (part.type) {
    case 'text':
      return convertTextPart(part);
    case 'image_url': {
      // `detail` has no Anthropic counterpart: Claude sizes images itself.
      const block = imageBlock(part.image_url.url, index, at);
      if (part.cache_control !== undefined) block.cache_control = part.cache_control;
      return block;
    }
    case 'file': {
      const block = fileBlock(part.file, index, at);
      if (part.cache_control !== undefined) block.cache_control = part.cache_control;
      return block;
    }
    case 'input_audio':
      throw new ConfigurationError(`${partAt(index, at)}: Anthropic does not accept audio input (input_audio parts)`, {
        provider: 'anthropic',
      });
    default:
      throw new ConfigurationError(
        `${partAt(index, at)}: unsupported content part type ${JSON.stringify((part as { type?: unknown }).type)}`,
        {
          provider: 'anthropic',
        },
      );
  }
}

function imageBlock(url: string, index: number, at: number): AnthropicImageBlock {
  const dataURL = parseDataURL(url);
  if (dataURL !== undefined) {
    if (!dataURL.base64)
      throw new ConfigurationError(`${partAt(index, at)}: image data URLs must be base64-encoded (data:image/png;base64,...)`, {
        provider: 'anthropic',
      });
    return { type: 'image', source: { type: 'base64', media_type: dataURL.mediaType, data: dataURL.data } };
  }
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  throw new ConfigurationError(`${partAt(index, at)}: an image must be an http(s) URL or a base64 data URL`, {
    provider: 'anthropic',
  });
}

function fileBlock(
  file: { file_data?: string; file_id?: string; filename?: string },
  index: number,
  at: number,
): AnthropicImageBlock | AnthropicDocumentBlock {
  let block: AnthropicDocumentBlock;
  if (file.file_data !== undefined) {
    const dataURL = parseDataURL(file.file_data);
    if (dataURL === undefined)
      throw new ConfigurationError(`${partAt(index, at)}: file_data must be a data URL (data:application/pdf;base64,...)`, {
        provider: 'anthropic',
      });
    if (dataURL.mediaType.startsWith('image/')) return imageBlock(file.file_data, index, at);
    if (dataURL.mediaType === 'application/pdf' && dataURL.base64) {
      block = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: dataURL.data } };
    } else if (dataURL.mediaType === 'text/plain') {
      block = { type: 'document', source: { type: 'text', media_type: 'text/plain', data: decodeDataText(dataURL) } };
    } else {
      throw new ConfigurationError(
        `${partAt(index, at)}: Anthropic accepts PDF (base64) and plain-text documents, not ${dataURL.mediaType || 'an untyped data URL'}`,
        { provider: 'anthropic' },
      );
    }
  } else if (file.file_id !== undefined) {
    // An id from Anthropic's Files API (it needs the files-api beta header, which the caller sets).
    block = { type: 'document', source: { type: 'file', file_id: file.file_id } };
  } else {
    throw new ConfigurationError(`${partAt(index, at)}: a file part needs file_data or file_id`, {
      provider: 'anthropic',
    });
  }
  if (file.filename !== undefined) block.title = file.filename;
  return block;
}

function decodeDataText(dataURL: DataURL): string {
  if (!dataURL.base64) return decodeURIComponent(dataURL.data);
  const binary = atob(dataURL.data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

import { isRecord } from './is-record.js';

/**
 * Reads the text of message content given either as a string or as an array of parts; both
 * APIs spell text parts `{ type: 'text', text }`, and images or other parts carry no text.
 */
export function collectText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const part of content) {
    if (isRecord(part) && part.type === 'text' && typeof part.text === 'string') texts.push(part.text);
  }
  return texts.join('\n');
}

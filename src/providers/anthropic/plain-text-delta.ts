/**
 * Nearly every event of an Anthropic stream is a text delta of the one open text block, and the
 * API sends it in one exact form: `{"type":"content_block_delta","index":N,"delta":{"type":
 * "text_delta","text":"…"}}`. For that form only the text needs parsing, not the whole object.
 * Anything else (other keys, another order, whitespace, a malformed text) is left to the full
 * parse, so reading this way never accepts what `JSON.parse` would reject or read differently.
 */

/** What a text delta of block `index` starts with, up to and including the text's opening quote. */
export function textDeltaPrefix(index: number): string {
  return `{"type":"content_block_delta","index":${index},"delta":{"type":"text_delta","text":"`;
}

/**
 * The text of `data` if it is exactly `prefix` + a JSON string's body + `"}}`; otherwise
 * undefined, and the caller parses the whole payload.
 */
export function readPlainTextDelta(data: string, prefix: string): string | undefined {
  if (!data.startsWith(prefix) || !data.endsWith('"}}')) return undefined;
  // From the opening quote to the closing one: JSON.parse accepts it only if it is one string
  // token, so an unescaped quote inside (meaning more keys followed) sends it to the full parse.
  try {
    const text: unknown = JSON.parse(data.slice(prefix.length - 1, data.length - 2));
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}

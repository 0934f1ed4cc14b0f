/**
 * Splits prose into word-sized pieces, each carrying its leading whitespace the way model
 * tokens do, so that joining the pieces gives back the text exactly.
 */
export function splitIntoWords(text: string): string[] {
  const pieces = text.match(/\s*\S+/g) ?? [];
  const consumed = pieces.reduce((length, piece) => length + piece.length, 0);
  const trailing = text.slice(consumed);
  if (trailing === '') return pieces;
  if (pieces.length === 0) return [trailing];
  pieces[pieces.length - 1] += trailing;
  return pieces;
}

/**
 * Splits text into pieces of a fixed number of code points: JSON has too few spaces for word
 * splitting, and cutting by code point never breaks a surrogate pair.
 */
export function splitIntoSlices(text: string, size = 8): string[] {
  const codePoints = Array.from(text);
  const pieces: string[] = [];
  for (let start = 0; start < codePoints.length; start += size) {
    pieces.push(codePoints.slice(start, start + size).join(''));
  }
  return pieces;
}

/**
 * The character codes and character classes of JSON text, as the partial JSON parser and its
 * string scanner read them (one `charCodeAt` compare each, no regular expression per character).
 */

const TAB = 0x09;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
export const SPACE = 0x20;
export const QUOTE = 0x22;
const PLUS = 0x2b;
export const COMMA = 0x2c;
export const MINUS = 0x2d;
const DOT = 0x2e;
export const ZERO = 0x30;
export const NINE = 0x39;
export const COLON = 0x3a;
const UPPER_E = 0x45;
export const OPEN_BRACKET = 0x5b;
export const BACKSLASH = 0x5c;
export const CLOSE_BRACKET = 0x5d;
const LOWER_E = 0x65;
export const LOWER_F = 0x66;
export const LOWER_N = 0x6e;
export const LOWER_T = 0x74;
export const LOWER_U = 0x75;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;

export const isWhitespace = (c: number): boolean => c === SPACE || c === NEWLINE || c === RETURN || c === TAB;
export const isNumberChar = (c: number): boolean =>
  (c >= ZERO && c <= NINE) || c === MINUS || c === PLUS || c === DOT || c === LOWER_E || c === UPPER_E;

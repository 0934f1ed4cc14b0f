/**
 * Docs -> the part worth a model's attention: HTML reduced to text (code blocks kept verbatim),
 * then the sections about auth, endpoints, request/response/stream formats, errors, limits and
 * stop reasons kept in their original order, within a size cap. Pure.
 */

export const DEFAULT_MAX_DOC_CHARS = 24_000;

const RELEVANT =
  /auth|api[ -]?key|header|endpoint|base url|request|response|body|stream|event|sse|ndjson|chunk|error|status|rate limit|retry|stop|finish|reason|usage|token|model|message|parameter|example|curl|quickstart|generate|chat|complet/i;
const NOISE = /changelog|pricing|billing|privacy|terms of service|careers|cookie|sdk install|community|blog|legal/i;

/** HTML to readable text: scripts/styles/nav dropped, headings as `#` lines, code blocks kept. */
export function htmlToText(html: string): string {
  let text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|nav|footer|header|svg|noscript)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<pre\b[^>]*>([\s\S]*?)<\/pre>/gi, (_, code: string) => `\n\`\`\`\n${decodeEntities(code.replace(/<[^>]+>/g, ''))}\n\`\`\`\n`)
    .replace(
      /<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/gi,
      (_, level: string, title: string) => `\n${'#'.repeat(Number(level))} ${title.replace(/<[^>]+>/g, '').trim()}\n`,
    )
    .replace(/<code\b[^>]*>([\s\S]*?)<\/code>/gi, '`$1`')
    .replace(/<(br|\/p|\/div|\/li|\/tr|\/table|\/ul|\/ol)\b[^>]*>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '- ')
    .replace(/<(td|th)\b[^>]*>/gi, ' | ')
    .replace(/<[^>]+>/g, '');
  text = decodeEntities(text);
  return text
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/g, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

export function looksLikeHtml(text: string): boolean {
  return /^\s*(?:<!doctype html|<html\b)/i.test(text) || /<\/(?:p|div|h[1-6]|body)>/i.test(text.slice(0, 5000));
}

interface Section {
  heading: string;
  body: string;
}

/** Splits markdown-ish text at headings; text before the first heading is its own section. */
export function splitSections(text: string): Section[] {
  const sections: Section[] = [];
  let current: Section = { heading: '', body: '' };
  let inCode = false;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inCode = !inCode;
    if (!inCode && /^#{1,6}\s/.test(line)) {
      if (current.heading !== '' || current.body.trim() !== '') sections.push(current);
      current = { heading: line.trim(), body: '' };
    } else current.body += `${line}\n`;
  }
  if (current.heading !== '' || current.body.trim() !== '') sections.push(current);
  return sections;
}

/**
 * The relevant sections of `docs` in order, up to `maxChars`; a section that does not fit is cut
 * with a marker. Irrelevant sections are dropped only when everything would not fit.
 */
export function trimDocs(docs: string, maxChars = DEFAULT_MAX_DOC_CHARS): string {
  const text = looksLikeHtml(docs) ? htmlToText(docs) : docs.replace(/\r\n/g, '\n').trim();
  if (text.length <= maxChars) return text;
  const sections = splitSections(text);
  const relevant = sections.filter((s) => !NOISE.test(s.heading) && (RELEVANT.test(s.heading) || /```/.test(s.body)));
  const kept = relevant.length > 0 ? relevant : sections;
  let out = '';
  for (const section of kept) {
    const piece = `${section.heading === '' ? '' : `${section.heading}\n`}${section.body.trim()}\n\n`;
    if (out.length + piece.length <= maxChars) out += piece;
    else {
      const room = maxChars - out.length - 40;
      if (room > 200) out += `${piece.slice(0, room)}\n[… section cut to fit]\n\n`;
      break;
    }
  }
  return out.trim();
}

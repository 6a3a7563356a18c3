/**
 * Text helpers for records: plain text out of (already sanitised) HTML, HTML escaping, and
 * search snippets with the hits marked. Pure string work, shared by the county node and the hub.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff && cp !== 0 ? String.fromCodePoint(cp) : '';
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** Block elements end a line, so words on either side do not run together. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<\/?(p|div|br|li|tr|h[1-6]|table|ul|ol)\b[^>]*>/gi, '\n')
    .replace(/<\/t[dh]>/gi, ' ')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .split('\u0000')
    .join('')
    .replace(/[ \t\r\f\v\u00a0\u3000]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The query's words: split on whitespace, deduplicated, longest first (so 社会救助 marks before 救助). */
export function queryTerms(q: string, extra: readonly string[] = []): string[] {
  const words = [...q.split(/[\s\u3000]+/), ...extra].map((w) => w.trim()).filter((w) => w.length > 0);
  return [...new Set(words)].sort((a, b) => b.length - a.length);
}

interface Hit {
  start: number;
  end: number;
}

function findHits(text: string, terms: readonly string[]): Hit[] {
  const lower = text.toLowerCase();
  const hits: Hit[] = [];
  for (const term of terms) {
    const t = term.toLowerCase();
    if (!t) continue;
    for (let i = lower.indexOf(t); i >= 0; i = lower.indexOf(t, i + t.length)) hits.push({ start: i, end: i + t.length });
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Hit[] = [];
  for (const h of hits) {
    const last = merged.at(-1);
    if (last && h.start < last.end) last.end = Math.max(last.end, h.end);
    else merged.push({ ...h });
  }
  return merged;
}

/** `text` HTML-escaped with every hit wrapped in <mark>; nothing else of the input survives as markup. */
export function highlight(text: string, terms: readonly string[]): string {
  const hits = findHits(text, terms);
  let out = '';
  let at = 0;
  for (const h of hits) {
    out += `${escapeHtml(text.slice(at, h.start))}<mark>${escapeHtml(text.slice(h.start, h.end))}</mark>`;
    at = h.end;
  }
  return out + escapeHtml(text.slice(at));
}

/**
 * A window of about `length` characters around the first hit (or the start of the text),
 * escaped and marked; an ellipsis shows where the text was cut.
 */
export function snippet(text: string, terms: readonly string[], length = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const first = findHits(flat, terms)[0];
  const chars = Array.from(flat);
  if (chars.length <= length) return highlight(flat, terms);
  // positions in code points, so a cut never splits a surrogate pair
  const hitAt = first ? Array.from(flat.slice(0, first.start)).length : 0;
  let start = Math.max(0, hitAt - Math.floor(length / 4));
  const end = Math.min(chars.length, start + length);
  start = Math.max(0, end - length);
  const piece = chars.slice(start, end).join('');
  return `${start > 0 ? '…' : ''}${highlight(piece, terms)}${end < chars.length ? '…' : ''}`;
}

/**
 * A strict allow-list HTML sanitiser for record bodies, run on the web server before a body is
 * rendered with {@html}. The county node already sanitises bodies on input; this is the second
 * line: whatever reaches the portal, only structure and emphasis, tables and http(s) links
 * survive. Everything else is removed: disallowed tags (their text is kept, except inside
 * script/style/… whose content is dropped), every attribute but a[href] (http/https only) and
 * td/th colspan/rowspan, comments and processing instructions. Text is re-escaped, tags are
 * re-emitted in a canonical form and balanced, so the result cannot break out of its container.
 */

const ALLOWED = new Set(['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'h2', 'h3', 'h4', 'a']);
const VOID = new Set(['br']);
/** Elements whose content is never text for the reader: dropped with the element. */
const DROP_CONTENT = new Set(['script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'svg', 'math', 'textarea', 'title', 'xmp', 'noembed', 'noframes', 'plaintext', 'select']);

const TOKEN = /<!--[\s\S]*?(?:-->|$)|<![^>]*>?|<\?[^>]*>?|<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|<|>/g;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

const escapeText = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
const escapeAttr = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Text as written: entities decoded, then escaped again (so `&amp;lt;` stays literal text). */
/** C0 controls other than tab, newline and carriage return (and, in hrefs, space and C1 too). */
const isControl = (c: number, strict: boolean) =>
  strict ? c <= 0x20 || (c >= 0x7f && c <= 0x9f) : c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d;
const dropControls = (s: string, strict = false) =>
  Array.from(s)
    .filter((ch) => !isControl(ch.codePointAt(0)!, strict))
    .join('');

const cleanText = (s: string) => escapeText(dropControls(decode(s)));

/** An href we keep: absolute http(s) only, after decoding entities and dropping whitespace/control chars. */
export function safeHref(raw: string): string | null {
  const v = dropControls(decode(raw), true);
  return /^https?:\/\/[^\s]+$/i.test(v) ? v : null;
}

function attributesOf(tag: string, raw: string): string {
  let out = '';
  for (const m of raw.matchAll(ATTR)) {
    const name = m[1]!.toLowerCase();
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    if (tag === 'a' && name === 'href') {
      const href = safeHref(value);
      if (href) out += ` href="${escapeAttr(href)}" rel="noopener noreferrer"`;
    } else if ((tag === 'td' || tag === 'th') && (name === 'colspan' || name === 'rowspan') && /^\d{1,3}$/.test(value.trim())) {
      out += ` ${name}="${Number(value.trim())}"`;
    }
  }
  return out;
}

export interface SanitizeResult {
  html: string;
  /** something was removed (a tag, an attribute, a comment): the input was not already clean */
  changed: boolean;
}

export function sanitizeRecordHtml(input: string): SanitizeResult {
  let out = '';
  let changed = false;
  const open: string[] = [];
  let dropping: string | null = null;
  let at = 0;

  const text = (s: string) => {
    if (!s || dropping) return;
    out += cleanText(s);
  };

  for (const m of input.matchAll(TOKEN)) {
    const idx = m.index;
    text(input.slice(at, idx));
    at = idx + m[0].length;
    const [whole, slash, rawName, rawAttrs] = m;
    if (!rawName) {
      // comment, doctype, processing instruction, or a stray < / >: a stray bracket is text
      if (whole === '<' || whole === '>') text(whole);
      else changed = true;
      continue;
    }
    const name = rawName.toLowerCase();
    const closing = slash === '/';
    if (dropping) {
      if (closing && name === dropping) dropping = null;
      continue;
    }
    if (DROP_CONTENT.has(name)) {
      changed = true;
      if (!closing && !/\/\s*$/.test(rawAttrs ?? '')) dropping = name;
      continue;
    }
    if (!ALLOWED.has(name)) {
      changed = true;
      continue;
    }
    if (closing) {
      if (VOID.has(name)) continue;
      const pos = open.lastIndexOf(name);
      if (pos < 0) {
        changed = true;
        continue;
      }
      while (open.length > pos) out += `</${open.pop()}>`;
      continue;
    }
    const attrs = attributesOf(name, rawAttrs ?? '');
    if ((rawAttrs ?? '').replace(/\/\s*$/, '').trim() && !attrs) changed = true;
    if (VOID.has(name)) {
      out += `<${name}>`;
      continue;
    }
    out += `<${name}${attrs}>`;
    open.push(name);
  }
  text(input.slice(at));
  if (dropping) changed = true;
  while (open.length) out += `</${open.pop()}>`;
  return { html: out, changed };
}

/**
 * For the search's `titleHtml` and `snippet`: the hub escapes the text and adds only <mark>.
 * Anything else that looks like markup is escaped again here, so a fault upstream shows as text.
 */
export function markOnly(html: string): string {
  return html.replace(/<(?!\/?mark>)/g, '&lt;').replace(/(?<!<\/?mark)>/g, '&gt;');
}

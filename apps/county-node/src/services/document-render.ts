/**
 * Official documents (公文) as .docx and as a printable HTML page, from a list of blocks: A4 with
 * the GB/T 9704 margins, the title in 方正小标宋简体, the body in 仿宋_GB2312 三号 on a 28 pt line,
 * headings in 黑体, tables in 宋体. Fonts are named, not embedded: Word and browsers substitute
 * what the machine has (FangSong, SimSun, STFangsong …).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';

export type DocBlock =
  | { type: 'title'; text: string }
  | { type: 'docNo'; text: string }
  | { type: 'addressee'; text: string }
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'table'; caption?: string; header: string[][]; rows: string[][]; firstColumnWidth?: number }
  | { type: 'signature'; issuer: string; date: string };

const FONT_TITLE = '方正小标宋简体';
const FONT_BODY = '仿宋_GB2312';
const FONT_HEADING = '黑体';
const FONT_TABLE = '宋体';

/** docx sizes are half-points: 二号 22 pt, 三号 16 pt, 五号 10.5 pt */
const SIZE_TITLE = 44;
const SIZE_BODY = 32;
const SIZE_TABLE = 21;
/** twips: 28 pt exact line, first-line indent of two 16 pt characters */
const LINE = 560;
const INDENT = 640;
const MM = 56.7;

const run = (text: string, font: string, size: number, bold = false) =>
  new TextRun({ text, font: { ascii: font, eastAsia: font, hAnsi: font }, size, bold });

const bodyParagraph = (text: string, opts: { indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) =>
  new Paragraph({
    alignment: opts.align ?? AlignmentType.JUSTIFIED,
    indent: opts.indent === false ? undefined : { firstLine: INDENT },
    spacing: { line: LINE, lineRule: LineRuleType.EXACT },
    children: [run(text, FONT_BODY, SIZE_BODY)],
  });

const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const cellBorders = { top: border, bottom: border, left: border, right: border };

function docxTable(b: Extract<DocBlock, { type: 'table' }>): Table {
  const cell = (text: string, header: boolean, first: boolean) =>
    new TableCell({
      borders: cellBorders,
      verticalAlign: VerticalAlign.CENTER,
      children: [
        new Paragraph({
          alignment: first && !header ? AlignmentType.LEFT : AlignmentType.CENTER,
          children: [run(text, FONT_TABLE, SIZE_TABLE, header)],
        }),
      ],
    });
  const rows = [
    ...b.header.map((r) => new TableRow({ tableHeader: true, children: r.map((t, i) => cell(t, true, i === 0)) })),
    ...b.rows.map((r) => new TableRow({ children: r.map((t, i) => cell(t, false, i === 0)) })),
  ];
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows });
}

/** The blocks as a .docx (Office Open XML) file. */
export async function renderDocx(blocks: readonly DocBlock[], meta: { title: string; creator: string }): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'title':
        children.push(
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { line: 700, lineRule: LineRuleType.EXACT, after: 200 },
            children: [run(b.text, FONT_TITLE, SIZE_TITLE)],
          }),
        );
        break;
      case 'docNo':
        children.push(bodyParagraph(b.text, { indent: false, align: AlignmentType.CENTER }));
        children.push(bodyParagraph('', { indent: false }));
        break;
      case 'addressee':
        children.push(bodyParagraph(b.text, { indent: false, align: AlignmentType.LEFT }));
        break;
      case 'heading':
        children.push(
          new Paragraph({
            indent: { firstLine: INDENT },
            spacing: { line: LINE, lineRule: LineRuleType.EXACT },
            children: [run(b.text, FONT_HEADING, SIZE_BODY)],
          }),
        );
        break;
      case 'paragraph':
        children.push(bodyParagraph(b.text));
        break;
      case 'table':
        if (b.caption) children.push(bodyParagraph(b.caption, { indent: false, align: AlignmentType.CENTER }));
        children.push(docxTable(b));
        children.push(bodyParagraph('', { indent: false }));
        break;
      case 'signature':
        children.push(bodyParagraph('', { indent: false }));
        children.push(bodyParagraph(b.issuer, { indent: false, align: AlignmentType.RIGHT }));
        children.push(bodyParagraph(b.date, { indent: false, align: AlignmentType.RIGHT }));
        break;
    }
  }
  const doc = new Document({
    title: meta.title,
    creator: meta.creator,
    styles: { default: { document: { run: { font: { ascii: FONT_BODY, eastAsia: FONT_BODY, hAnsi: FONT_BODY }, size: SIZE_BODY } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: Math.round(37 * MM), bottom: Math.round(35 * MM), left: Math.round(28 * MM), right: Math.round(26 * MM) },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** Escapes text for HTML element content and attribute values. */
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: "仿宋_GB2312", "仿宋", FangSong, STFangsong, serif; font-size: 16pt; line-height: 28pt; color: #000; }
main { max-width: 156mm; margin: 0 auto; }
h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "宋体", SimSun, serif; font-size: 22pt; line-height: 35pt; font-weight: normal; text-align: center; margin: 0 0 10pt; }
.doc-no { text-align: center; margin: 0 0 28pt; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.addressee { text-indent: 0; }
h2 { font-family: "黑体", SimHei, sans-serif; font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0 14pt; font-family: "宋体", SimSun, serif; font-size: 10.5pt; line-height: 1.4; page-break-inside: auto; }
th, td { border: 1px solid #000; padding: 2pt 4pt; text-align: center; }
td:first-child { text-align: left; }
caption { font-size: 12pt; padding-bottom: 4pt; }
tr { page-break-inside: avoid; }
.signature { margin-top: 28pt; text-align: right; }
.signature p { text-align: right; text-indent: 0; }
@media screen { body { background: #eee; } main { background: #fff; padding: 37mm 26mm 35mm 28mm; max-width: 156mm; box-shadow: 0 0 4px #999; } }
@media print { body { background: none; } main { padding: 0; box-shadow: none; } }
`;

/** The blocks as a self-contained printable HTML page; every text is escaped. */
export function renderHtml(blocks: readonly DocBlock[], meta: { title: string }): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'title':
        out.push(`<h1>${escapeHtml(b.text)}</h1>`);
        break;
      case 'docNo':
        out.push(`<p class="doc-no">${escapeHtml(b.text)}</p>`);
        break;
      case 'addressee':
        out.push(`<p class="addressee">${escapeHtml(b.text)}</p>`);
        break;
      case 'heading':
        out.push(`<h2>${escapeHtml(b.text)}</h2>`);
        break;
      case 'paragraph':
        out.push(`<p>${escapeHtml(b.text)}</p>`);
        break;
      case 'table': {
        const head = b.header.map((r) => `<tr>${r.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr>`).join('');
        const body = b.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('');
        out.push(`<table>${b.caption ? `<caption>${escapeHtml(b.caption)}</caption>` : ''}<thead>${head}</thead><tbody>${body}</tbody></table>`);
        break;
      }
      case 'signature':
        out.push(`<div class="signature"><p>${escapeHtml(b.issuer)}</p><p>${escapeHtml(b.date)}</p></div>`);
        break;
    }
  }
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(meta.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${out.join('\n')}
</main>
</body>
</html>
`;
}

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Headers for a download: the UTF-8 file name (RFC 6266/5987) and an ASCII fallback. */
export function downloadHeaders(contentType: string, fileName: string, asciiFallback: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-disposition': `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    'x-content-type-options': 'nosniff',
  };
}

/** Headers for a printable page: no scripts, no external loads. */
export const HTML_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
  'x-content-type-options': 'nosniff',
};

import { ATTACHMENT_MEDIA_TYPES } from '@zwgk/core';
import { MAX_SEGMENTED_CHARS } from './segment.js';

/**
 * Plain text out of attachments (PDF, DOCX, XLSX) for the search index. The bytes were already
 * checked by content at the county and by checksum at the hub, but a file can still be malformed
 * or hostile, so every extractor is bounded (text length, pages, the size a ZIP unpacks to) and
 * any failure is reported as a status, never thrown: a bad attachment costs its own text only.
 */

/** Text kept per attachment: as much as is segmented for the index (≈300 KB of Chinese). */
export const MAX_ATTACHMENT_TEXT = MAX_SEGMENTED_CHARS;
/** PDF pages read at most. */
export const MAX_PDF_PAGES = 500;
/** A DOCX/XLSX whose entries unpack to more than this is not opened (ZIP bombs). */
export const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;

export type ExtractStatus = 'ok' | 'empty' | 'unsupported' | 'failed';
export interface Extracted {
  status: ExtractStatus;
  text: string;
  /** why it failed or what was cut, for operators */
  detail: string | null;
}

const clean = (s: string) =>
  s
    .split('\u0000')
    .join('')
    .replace(/[ \t\r\f\v\u00a0\u3000]+/g, ' ')
    .replace(/ *\n\s*/g, '\n')
    .trim();

function finish(raw: string, cut: string | null): Extracted {
  let text = clean(raw);
  let detail = cut;
  if (text.length > MAX_ATTACHMENT_TEXT) {
    text = text.slice(0, MAX_ATTACHMENT_TEXT);
    // never end on half a surrogate pair
    if (/[\ud800-\udbff]$/.test(text)) text = text.slice(0, -1);
    detail = `text cut at ${MAX_ATTACHMENT_TEXT} characters`;
  }
  return { status: text ? 'ok' : 'empty', text, detail };
}

/**
 * The sum of the uncompressed sizes in a ZIP's central directory, or null when there is no
 * readable directory. Read before a library unpacks anything.
 */
export function zipUnpackedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // the end-of-central-directory record is within the last 22 + 65,535 bytes
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
    const size = view.getUint32(at + 24, true);
    // ZIP64 marks sizes it cannot hold as 0xFFFFFFFF: too large for an office attachment anyway
    total += size === 0xffffffff ? Number.POSITIVE_INFINITY : size;
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return total;
}

async function pdfText(bytes: Uint8Array): Promise<Extracted> {
  const { getDocumentProxy } = await import('unpdf');
  // pdf.js takes ownership of (and detaches) the buffer it is given
  const doc = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false } as Parameters<typeof getDocumentProxy>[1]);
  try {
    const parts: string[] = [];
    let length = 0;
    const pages = Math.min(doc.numPages, MAX_PDF_PAGES);
    for (let p = 1; p <= pages && length <= MAX_ATTACHMENT_TEXT; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      let line = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        line += item.str;
        if (item.hasEOL) line += '\n';
      }
      parts.push(line);
      length += line.length;
      page.cleanup();
    }
    return finish(parts.join('\n'), doc.numPages > MAX_PDF_PAGES ? `only the first ${MAX_PDF_PAGES} of ${doc.numPages} pages read` : null);
  } finally {
    await doc.loadingTask.destroy();
  }
}

async function docxText(bytes: Uint8Array): Promise<Extracted> {
  const mammoth = (await import('mammoth')).default;
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  return finish(value, null);
}

async function xlsxText(bytes: Uint8Array): Promise<Extracted> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  const lines: string[] = [];
  let length = 0;
  outer: for (const ws of wb.worksheets) {
    lines.push(ws.name);
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell) => {
        const t = cell.text?.trim();
        if (t) cells.push(t);
      });
      if (!cells.length) continue;
      const line = cells.join(' ');
      lines.push(line);
      length += line.length + 1;
      if (length > MAX_ATTACHMENT_TEXT) break outer;
    }
  }
  return finish(lines.join('\n'), null);
}

/** The searchable text of one attachment, by its media type (as detected from its bytes). */
export async function extractAttachmentText(mediaType: string, bytes: Uint8Array): Promise<Extracted> {
  try {
    switch (mediaType) {
      case ATTACHMENT_MEDIA_TYPES.pdf:
        return await pdfText(bytes);
      case ATTACHMENT_MEDIA_TYPES.docx:
      case ATTACHMENT_MEDIA_TYPES.xlsx: {
        const unpacked = zipUnpackedSize(bytes);
        if (unpacked === null) return { status: 'failed', text: '', detail: 'not a readable ZIP container' };
        if (unpacked > MAX_UNPACKED_BYTES) return { status: 'failed', text: '', detail: `unpacks to ${unpacked} bytes, over ${MAX_UNPACKED_BYTES}` };
        return mediaType === ATTACHMENT_MEDIA_TYPES.docx ? await docxText(bytes) : await xlsxText(bytes);
      }
      default:
        // images: no OCR here; their names are still indexed
        return { status: 'unsupported', text: '', detail: null };
    }
  } catch (e) {
    return { status: 'failed', text: '', detail: e instanceof Error ? e.message.slice(0, 500) : String(e).slice(0, 500) };
  }
}

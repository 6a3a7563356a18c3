import { ATTACHMENT_MEDIA_TYPES } from '@zwgk/core';
import { describe, expect, it } from 'vitest';
import { docxWithText, pdfWithText, xlsxWithRows } from '../../test/attachment-fixtures.js';
import { MAX_ATTACHMENT_TEXT, MAX_UNPACKED_BYTES, extractAttachmentText, zipUnpackedSize } from './extract.js';

const T = ATTACHMENT_MEDIA_TYPES;

describe('attachment text', () => {
  it('reads Chinese text from a PDF through its ToUnicode map', async () => {
    const r = await extractAttachmentText(T.pdf, pdfWithText('危旧桥梁加固工程资金安排表'));
    expect(r).toEqual({ status: 'ok', text: '危旧桥梁加固工程资金安排表', detail: null });
  });

  it('reads the paragraphs of a DOCX and the cells of an XLSX', async () => {
    const docx = await extractAttachmentText(T.docx, await docxWithText(['农村饮水安全巩固提升', '第二段 内容']));
    expect(docx.status).toBe('ok');
    expect(docx.text).toContain('农村饮水安全巩固提升');
    expect(docx.text).toContain('第二段 内容');
    const xlsx = await extractAttachmentText(T.xlsx, await xlsxWithRows('补贴名单', [['姓名', '项目', '金额'], ['张三', '耕地地力保护补贴', 1250.5]]));
    expect(xlsx.status).toBe('ok');
    expect(xlsx.text.split('\n')).toEqual(['补贴名单', '姓名 项目 金额', '张三 耕地地力保护补贴 1250.5']);
  });

  it('reports malformed files and images instead of throwing', async () => {
    const bad = await extractAttachmentText(T.pdf, new TextEncoder().encode('%PDF-1.4\nnot really a pdf'));
    expect(bad.status).toBe('failed');
    expect(bad.text).toBe('');
    expect(bad.detail).toBeTruthy();
    const notZip = await extractAttachmentText(T.docx, new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    expect(notZip).toMatchObject({ status: 'failed', detail: 'not a readable ZIP container' });
    expect(await extractAttachmentText(T.png, new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toEqual({ status: 'unsupported', text: '', detail: null });
  });

  it('refuses a ZIP that claims to unpack to more than the limit, before unpacking it', async () => {
    const docx = await docxWithText(['正文']);
    expect(zipUnpackedSize(docx)).toBeGreaterThan(0);
    // raise one entry's uncompressed size in the central directory
    const forged = new Uint8Array(docx);
    const view = new DataView(forged.buffer);
    let at = -1;
    for (let i = forged.length - 22; i >= 0; i--) if (view.getUint32(i, true) === 0x06054b50) { at = view.getUint32(i + 16, true); break; }
    view.setUint32(at + 24, MAX_UNPACKED_BYTES + 1, true);
    const r = await extractAttachmentText(T.docx, forged);
    expect(r.status).toBe('failed');
    expect(r.detail).toMatch(/unpacks to/);
  });

  it('keeps at most MAX_ATTACHMENT_TEXT characters', async () => {
    const long = await extractAttachmentText(T.xlsx, await xlsxWithRows('表', Array.from({ length: 3000 }, (_, i) => [`第${i}行`, '征地补偿安置'.repeat(8)])));
    expect(long.status).toBe('ok');
    expect(long.text.length).toBeLessThanOrEqual(MAX_ATTACHMENT_TEXT);
    expect(long.detail).toMatch(/cut/);
  });
});

import { describe, expect, it } from 'vitest';
import { documentFieldErrors, documentToForm, paragraphsToText, readDocumentForm, requireDocumentKind, textToParagraphs } from './request-documents';

const form = (entries: Record<string, string>): FormData => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) fd.set(k, v);
  return fd;
};

describe('the standard text edit form', () => {
  it('takes one paragraph per line and drops blank lines and the typed indent', () => {
    expect(textToParagraphs('　　第一段。\r\n\r\n  第二段。  \n\n\n3. 第三段')).toEqual(['第一段。', '第二段。', '3. 第三段']);
    const ps = ['2025年9月26日，本机关收到您的申请。', '经审查，申请内容不明确。'];
    expect(textToParagraphs(paragraphsToText(ps))).toEqual(ps);
  });

  it('reads the posted fields into a draft, keeping what was typed for a redisplay', () => {
    const r = readDocumentForm(
      form({ title: ' 政府信息公开申请补正告知书 ', docNo: '长安政信补〔2025〕3号', addressee: '王小明：', body: '第一段\n\n第二段', date: '2025-10-10', issuer: '长安区人民政府', version: '2' }),
    );
    expect(r.version).toBe(2);
    expect(r.values.title).toBe(' 政府信息公开申请补正告知书 ');
    expect(r.draft).toEqual({
      title: '政府信息公开申请补正告知书',
      docNo: '长安政信补〔2025〕3号',
      addressee: '王小明：',
      paragraphs: ['第一段', '第二段'],
      date: '2025-10-10',
      issuer: '长安区人民政府',
    });
    expect(readDocumentForm(form({ version: '0' })).version).toBe(0);
    expect(readDocumentForm(form({})).version).toBeUndefined();
    expect(readDocumentForm(form({ version: 'x' })).version).toBeUndefined();
    expect(readDocumentForm(form({})).draft.paragraphs).toEqual([]);
  });

  it('round-trips a document through the form and maps the paragraphs error to the textarea', () => {
    const doc = { title: 't', docNo: 'n', addressee: 'a：', paragraphs: ['p1', 'p2'], date: '2025-01-02', issuer: 'i' };
    expect(documentToForm(doc)).toEqual({ title: 't', docNo: 'n', addressee: 'a：', body: 'p1\n\np2', date: '2025-01-02', issuer: 'i' });
    expect(documentFieldErrors({ paragraphs: '正文不能为空', date: '日期格式应为 YYYY-MM-DD' })).toEqual({ body: '正文不能为空', date: '日期格式应为 YYYY-MM-DD' });
  });

  it('knows the kinds and answers 404 for another', () => {
    expect(requireDocumentKind('correctionNotice')).toBe('correctionNotice');
    expect(requireDocumentKind('withheldProcessInfo')).toBe('withheldProcessInfo');
    expect(() => requireDocumentKind('nonsense')).toThrow();
    try {
      requireDocumentKind('nonsense');
    } catch (e) {
      expect((e as { status: number }).status).toBe(404);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { fileSizeText, mediaTypeName, validityText } from './record-view';

describe('record view wording', () => {
  it('names attachment types and sizes as readers expect', () => {
    expect(mediaTypeName('application/pdf')).toBe('PDF 文档');
    expect(mediaTypeName('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe('Excel 表格');
    expect(mediaTypeName('application/x-msdownload')).toBe('文件');
    expect(fileSizeText(512)).toBe('512 字节');
    expect(fileSizeText(35 * 1024)).toBe('35.0 KB');
    expect(fileSizeText(1.25 * 1024 * 1024)).toBe('1.3 MB');
    expect(fileSizeText(-1)).toBe('');
  });

  it('says whether a record is in force, with its date', () => {
    const base = { validFrom: null, expiredOn: null, repealedOn: null };
    expect(validityText({ ...base, validity: 'valid' }).text).toBe('有效');
    expect(validityText({ ...base, validity: 'valid', validFrom: '2025-05-01' }).text).toBe('有效（2025-05-01起施行）');
    expect(validityText({ ...base, validity: 'expired', expiredOn: '2025-06-30' })).toEqual({ word: '已失效', date: '2025-06-30', text: '已失效（2025-06-30起）' });
    expect(validityText({ ...base, validity: 'repealed', repealedOn: '2025-07-01' }).text).toBe('已废止（2025-07-01起）');
  });
});

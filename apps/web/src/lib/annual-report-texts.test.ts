import { describe, expect, it } from 'vitest';
import {
  REPORT_TEXT_MAX,
  REPORT_TEXT_SECTIONS,
  conflictingSections,
  headerCells,
  missingTextSections,
  normalizeReportText,
  publicationBlockers,
  readReportTextsForm,
  textLength,
} from './annual-report-texts';

const form = (entries: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) fd.set(k, v);
  return fd;
};

describe('normalizeReportText', () => {
  it('keeps one paragraph per line, without the indent a clerk types or extra blank lines', () => {
    expect(normalizeReportText('\u3000\u3000第一段。  \r\n\r\n\r\n\r\n  第二段。\r第三段。\n\n')).toBe('第一段。\n\n第二段。\n第三段。');
    expect(normalizeReportText(' \n\u3000\n')).toBe('');
  });
});

describe('readReportTextsForm', () => {
  it('reads the three sections, the fingerprints they started from, and rejects an over-long one', () => {
    const r = readReportTextsForm(
      form({ overview: ' 总体情况。\r\n', problems: 'x'.repeat(REPORT_TEXT_MAX + 1), otherMatters: '无。', 'base.overview': 'abc', 'base.problems': '' }),
    );
    expect(r.values.overview).toBe(' 总体情况。\r\n');
    expect(r.texts).toMatchObject({ overview: '总体情况。', otherMatters: '无。' });
    expect(r.bases).toEqual({ overview: 'abc' });
    expect(Object.keys(r.errors)).toEqual(['problems']);
    expect(r.errors.problems).toContain('20000');
  });

  it('treats a missing field as empty', () => {
    expect(readReportTextsForm(form({})).texts).toEqual({ overview: '', problems: '', otherMatters: '' });
  });
});

describe('conflictingSections', () => {
  const saved = { fingerprints: { overview: 'f1', problems: 'f2', otherMatters: 'f3' }, texts: { overview: 'A', problems: 'B', otherMatters: 'C' } };
  it('names a section saved by someone else since the form was loaded', () => {
    expect(conflictingSections({ overview: 'f0', problems: 'f2', otherMatters: 'f3' }, saved, { overview: 'mine', problems: 'B', otherMatters: 'C' })).toEqual(['overview']);
  });
  it('is no conflict when both wrote the same, when nothing changed, or when the form had no fingerprint', () => {
    expect(conflictingSections({ overview: 'f0' }, saved, { overview: 'A', problems: 'x', otherMatters: 'y' })).toEqual([]);
    expect(conflictingSections({ overview: 'f1', problems: 'f2', otherMatters: 'f3' }, saved, { overview: 'x', problems: 'y', otherMatters: 'z' })).toEqual([]);
    expect(conflictingSections({}, saved, { overview: 'x', problems: 'y', otherMatters: 'z' })).toEqual([]);
  });
});

describe('publicationBlockers', () => {
  it('lists blank sections first, then the checks the county node reports failing', () => {
    const b = publicationBlockers({
      overview: '总体情况。',
      problems: '  \n ',
      otherMatters: '',
      failedChecks: [{ section: '四、政府信息公开行政复议、行政诉讼情况', message: '行政复议、行政诉讼情况尚未填报' }],
    });
    expect(b.map((x) => x.message)).toEqual(['五、存在的主要问题及改进情况尚未填写', '六、其他需要报告的事项尚未填写', '行政复议、行政诉讼情况尚未填报']);
  });
  it('names a blank section once when the county node already reports it', () => {
    const b = publicationBlockers({
      overview: '',
      problems: 'b',
      otherMatters: '无。',
      failedChecks: [{ section: '一、总体情况', message: '一、总体情况尚未填写' }],
    });
    expect(b).toEqual([{ section: '一、总体情况', message: '一、总体情况尚未填写' }]);
  });
  it('is empty when everything is written and every check passes', () => {
    expect(publicationBlockers({ overview: 'a', problems: 'b', otherMatters: '无。', failedChecks: [] })).toEqual([]);
    expect(missingTextSections({ overview: 'a', problems: 'b', otherMatters: 'c' })).toEqual([]);
  });
  it('names every section by its heading in the 30号 format', () => {
    expect(REPORT_TEXT_SECTIONS.map((s) => s.heading)).toEqual(['一、总体情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项']);
  });
});

describe('textLength', () => {
  it('counts characters, not bytes or line breaks', () => {
    expect(textLength('政务公开。\n\n𠮷 a')).toBe(7);
  });
});

describe('headerCells', () => {
  const shape = (grid: string[][]) => headerCells(grid).map((r) => r.map((c) => `${c.text}:${c.colspan}x${c.rowspan}`));

  it('lays out the request table head: a corner spanning three rows, 法人或其他组织 over its five types', () => {
    const org = ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'];
    expect(
      shape([
        ['（勾稽关系）', '申请人情况', '', '', '', '', '', ''],
        ['', '自然人', '法人或其他组织', '', '', '', '', '总计'],
        ['', '', ...org, ''],
      ]),
    ).toEqual([['（勾稽关系）:1x3', '申请人情况:7x1'], ['自然人:1x2', '法人或其他组织:5x1', '总计:1x2'], org.map((o) => `${o}:1x1`)]);
  });

  it('lays out the review and litigation head: 行政复议 over two rows, 行政诉讼 over its two groups', () => {
    const labels = ['维持', '纠正', '其他', '未结', '总计'];
    expect(
      shape([
        ['行政复议', '', '', '', '', '行政诉讼', '', '', '', '', '', '', '', '', ''],
        ['', '', '', '', '', '未经复议直接起诉', '', '', '', '', '复议后起诉', '', '', '', ''],
        [...labels, ...labels, ...labels],
      ]),
    ).toEqual([['行政复议:5x2', '行政诉讼:10x1'], ['未经复议直接起诉:5x1', '复议后起诉:5x1'], [...labels, ...labels, ...labels].map((l) => `${l}:1x1`)]);
  });

  it('leaves a plain head as it is and spans a title row', () => {
    expect(shape([['第二十条第（一）项', '', '', ''], ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数']])).toEqual([
      ['第二十条第（一）项:4x1'],
      ['信息内容:1x1', '本年制发件数:1x1', '本年废止件数:1x1', '现行有效件数:1x1'],
    ]);
  });
});

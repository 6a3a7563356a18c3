/**
 * The written parts of the annual report (sections 一, 五, 六 of the 国办公开办函〔2021〕30号
 * format) as the county console edits them, what still stands in the way of publishing, and the
 * report's tables as a page lays them out. No import of @zwgk/core: the page components load this.
 */

export const REPORT_TEXT_SECTIONS = [
  {
    key: 'overview',
    heading: '一、总体情况',
    hint: '按30号格式，分别说明本年度主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障等方面的工作，数据与后面各表一致。',
    rows: 16,
  },
  {
    key: 'problems',
    heading: '五、存在的主要问题及改进情况',
    hint: '如实写明本年度工作中存在的主要问题、上一年度问题的改进情况和下一步改进措施。',
    rows: 8,
  },
  {
    key: 'otherMatters',
    heading: '六、其他需要报告的事项',
    hint: '依据《政府信息公开信息处理费管理办法》写明本年度发出收费通知的件数和总金额、实际收取的总金额，以及其他需要报告的事项；没有的写“无”。',
    rows: 6,
  },
] as const;

export type ReportTextKey = (typeof REPORT_TEXT_SECTIONS)[number]['key'];
export type ReportTexts = Record<ReportTextKey, string>;

/** the county node's limit per section */
export const REPORT_TEXT_MAX = 20_000;

/**
 * One paragraph per line, as the .docx and the record are laid out: line breaks of any platform
 * become `\n`, spaces around each line go (the first-line indent is the layout's), and so do runs of
 * blank lines a clerk leaves between paragraphs.
 */
export function normalizeReportText(raw: string): string {
  return raw
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const str = (fd: FormData, name: string): string => {
  const v = fd.get(name);
  return typeof v === 'string' ? v : '';
};

/**
 * The posted texts form: what to show again on an error, the texts to save, and, per section, the
 * fingerprint of the saved text the clerk started from (`base.<key>`), to notice another clerk's save.
 */
export function readReportTextsForm(fd: FormData): {
  values: ReportTexts;
  texts: ReportTexts;
  bases: Partial<ReportTexts>;
  errors: Partial<Record<ReportTextKey, string>>;
} {
  const values = {} as ReportTexts;
  const texts = {} as ReportTexts;
  const bases: Partial<ReportTexts> = {};
  const errors: Partial<Record<ReportTextKey, string>> = {};
  for (const s of REPORT_TEXT_SECTIONS) {
    values[s.key] = str(fd, s.key);
    texts[s.key] = normalizeReportText(values[s.key]);
    if (texts[s.key].length > REPORT_TEXT_MAX) errors[s.key] = `不能超过${REPORT_TEXT_MAX}字（现有${texts[s.key].length}字）`;
    const base = str(fd, `base.${s.key}`);
    if (base) bases[s.key] = base;
  }
  return { values, texts, bases, errors };
}

/**
 * The sections another clerk saved since this form was loaded (the saved text's fingerprint is no
 * longer the one the form started from) and that this clerk would overwrite with something else.
 */
export function conflictingSections(
  bases: Partial<ReportTexts>,
  saved: { fingerprints: ReportTexts; texts: ReportTexts },
  submitted: ReportTexts,
): ReportTextKey[] {
  return REPORT_TEXT_SECTIONS.map((s) => s.key).filter((k) => {
    const base = bases[k];
    if (base === undefined || base === saved.fingerprints[k]) return false;
    return normalizeReportText(saved.texts[k]) !== submitted[k];
  });
}

export const missingTextSections = (texts: ReportTexts): string[] =>
  REPORT_TEXT_SECTIONS.filter((s) => !normalizeReportText(texts[s.key] ?? '')).map((s) => s.heading);

export interface Blocker {
  section: string;
  message: string;
}

/**
 * Why the report cannot be published yet: a section left blank would be issued as “（未填写）”, and
 * every check the county node reports failing (it refuses publication and export while any does).
 */
export function publicationBlockers(draft: ReportTexts & { failedChecks: readonly { section: string; message: string }[] }): Blocker[] {
  // the node reports a blank section itself; the form's own view covers text not yet saved
  const out: Blocker[] = missingTextSections(draft)
    .filter((h) => !draft.failedChecks.some((f) => f.section === h))
    .map((h) => ({ section: h, message: `${h}尚未填写` }));
  for (const f of draft.failedChecks) out.push({ section: f.section, message: f.message });
  return out;
}

/** Characters of a text as a reader counts them (no line breaks). */
export const textLength = (text: string): number => [...text.replace(/\s/g, '')].length;

export interface HeaderCell {
  text: string;
  colspan: number;
  rowspan: number;
}

/**
 * A table head given as a grid with '' in the places a cell spans (the .docx form) as cells with
 * their spans: an empty run under a cell that starts in the same column and is as wide spans
 * downwards; any other empty place continues the cell on its left.
 */
export function headerCells(grid: readonly (readonly string[])[]): HeaderCell[][] {
  const rows: HeaderCell[][] = grid.map(() => []);
  // per row, per column: the cell covering it and the column it starts at
  const cover: { cell: HeaderCell; start: number }[][] = grid.map(() => []);
  grid.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      const text = row[c] ?? '';
      const above = r > 0 ? cover[r - 1]![c] : undefined;
      if (text === '' && above && above.start === c) {
        const width = above.cell.colspan;
        const emptyRun = row.slice(c, c + width).every((t) => t === '') && row.length >= c + width;
        if (emptyRun) {
          above.cell.rowspan++;
          for (let k = c; k < c + width; k++) cover[r]![k] = above;
          c += width - 1;
          continue;
        }
      }
      const left = c > 0 ? cover[r]![c - 1] : undefined;
      if (text === '' && left && rows[r]!.includes(left.cell)) {
        left.cell.colspan++;
        cover[r]![c] = left;
        continue;
      }
      const cell = { text, colspan: 1, rowspan: 1 };
      rows[r]!.push(cell);
      cover[r]![c] = { cell, start: c };
    }
  });
  return rows;
}

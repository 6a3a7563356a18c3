import { z } from 'zod';
import type { IsoDate } from '../calendar/dates.js';
import type { RecordDocCategory, RecordKind, RecordStatus, RecordValidity } from '../records/model.js';
import { emptyProactiveTable, type IssuedRepealedInForce, type ProactiveTable } from './annual-report.js';

/**
 * Section 二 of the annual report (主动公开政府信息情况) from the county's information records:
 * the 规章 and 行政规范性文件 rows (本年制发, 本年废止, 现行有效) are counted from published
 * records by their 文件类别, so the report and the disclosure column cannot disagree. The other
 * rows (行政许可, 行政处罚, 行政强制 decisions, 行政事业性收费) are decisions and money, not
 * records: staff enter them.
 */

export const COUNTED_PROACTIVE_ROWS = ['rules', 'normativeDocuments'] as const;
export type CountedProactiveRow = (typeof COUNTED_PROACTIVE_ROWS)[number];
export const COUNTED_PROACTIVE_COLUMNS = ['issued', 'repealed', 'inForce'] as const;
export type CountedProactiveColumn = (typeof COUNTED_PROACTIVE_COLUMNS)[number];

export const COUNTED_PROACTIVE_ROW_NAMES: Record<CountedProactiveRow, string> = { rules: '规章', normativeDocuments: '行政规范性文件' };
export const COUNTED_PROACTIVE_COLUMN_NAMES: Record<CountedProactiveColumn, string> = {
  issued: '本年制发件数',
  repealed: '本年废止件数',
  inForce: '现行有效件数',
};

/** How each column is counted, for the clerk who checks a number against the records. */
export const COUNTED_PROACTIVE_RULES: Record<CountedProactiveColumn, string> = {
  issued: '已发布、成文日期在本年度内的文件',
  repealed: '已发布、本年度内宣布废止的文件（宣布失效的不计入）',
  inForce: '截至12月31日已生效、未废止、未失效、未过有效期的已发布文件',
};

const ROW_OF: Partial<Record<RecordDocCategory, CountedProactiveRow>> = { rule: 'rules', normativeDocument: 'normativeDocuments' };

/** What the count needs of a record (the county's `InfoRecord` has all of it). */
export interface ProactiveRecordFacts {
  id: string;
  kind: RecordKind;
  docCategory: RecordDocCategory | null;
  status: RecordStatus;
  writtenOn: IsoDate;
  publishedOn: IsoDate | null;
  validFrom: IsoDate | null;
  validUntil: IsoDate | null;
  validity: RecordValidity;
  expiredOn: IsoDate | null;
  repealedOn: IsoDate | null;
}

export interface CountedProactiveCell {
  count: number;
  /** the records counted, in the order given */
  recordIds: string[];
}

export type CountedProactive = Record<CountedProactiveRow, Record<CountedProactiveColumn, CountedProactiveCell>>;

const emptyCell = (): CountedProactiveCell => ({ count: 0, recordIds: [] });
const emptyRow = (): Record<CountedProactiveColumn, CountedProactiveCell> => ({ issued: emptyCell(), repealed: emptyCell(), inForce: emptyCell() });

/**
 * Counts the 规章 and 行政规范性文件 rows of `year` from the records:
 * - 本年制发: published, 成文日期 in the year;
 * - 本年废止: published, repealed on a day of the year (a record that only expired is not 废止);
 * - 现行有效: published, in force on 31 December — effective by then (生效日期, else the
 *   publication date), not repealed or expired on or before it, and 有效期至 not before it.
 * Drafts, records under review, withheld and withdrawn records, and interpretations count nowhere.
 */
export function countProactiveRecords(year: number, records: readonly ProactiveRecordFacts[]): CountedProactive {
  const from = `${year}-01-01`;
  const end = `${year}-12-31`;
  const out: CountedProactive = { rules: emptyRow(), normativeDocuments: emptyRow() };
  const add = (cell: CountedProactiveCell, id: string) => {
    cell.count += 1;
    cell.recordIds.push(id);
  };
  for (const r of records) {
    if (r.kind !== 'document' || r.status !== 'published' || !r.docCategory) continue;
    const rowKey = ROW_OF[r.docCategory];
    if (!rowKey) continue;
    const row = out[rowKey];
    if (r.writtenOn >= from && r.writtenOn <= end) add(row.issued, r.id);
    if (r.validity === 'repealed' && r.repealedOn !== null && r.repealedOn >= from && r.repealedOn <= end) add(row.repealed, r.id);
    const effective = r.validFrom ?? r.publishedOn;
    const ended =
      (r.repealedOn !== null && r.repealedOn <= end) ||
      (r.expiredOn !== null && r.expiredOn <= end) ||
      (r.validUntil !== null && r.validUntil < end);
    if (effective !== null && effective <= end && !ended) add(row.inForce, r.id);
  }
  return out;
}

/** The counts alone, as the report's table holds them. */
export function countedProactiveTotals(counted: CountedProactive): Pick<ProactiveTable, CountedProactiveRow> {
  const totals = (row: Record<CountedProactiveColumn, CountedProactiveCell>): IssuedRepealedInForce => ({
    issued: row.issued.count,
    repealed: row.repealed.count,
    inForce: row.inForce.count,
  });
  return { rules: totals(counted.rules), normativeDocuments: totals(counted.normativeDocuments) };
}

// ---------------------------------------------------------------------------------------------
// the rows staff enter

export const ENTERED_PROACTIVE_FIELDS = ['licensingDecisions', 'penaltyDecisions', 'enforcementDecisions', 'feesTenThousandYuan'] as const;
export type EnteredProactiveField = (typeof ENTERED_PROACTIVE_FIELDS)[number];
export type EnteredProactive = Pick<ProactiveTable, EnteredProactiveField>;

export const ENTERED_PROACTIVE_NAMES: Record<EnteredProactiveField, string> = {
  licensingDecisions: '行政许可 本年处理决定数量',
  penaltyDecisions: '行政处罚 本年处理决定数量',
  enforcementDecisions: '行政强制 本年处理决定数量',
  feesTenThousandYuan: '行政事业性收费 本年收费金额（万元）',
};

const decisions = (name: string) =>
  z.number({ error: `${name}应为数字` }).int({ error: `${name}应为整数` }).min(0, { error: `${name}不能为负数` });

/** What staff enter of section 二; the counted rows are refused here, they come from the records. */
export const enteredProactiveSchema = z.strictObject(
  {
    licensingDecisions: decisions('行政许可本年处理决定数量'),
    penaltyDecisions: decisions('行政处罚本年处理决定数量'),
    enforcementDecisions: decisions('行政强制本年处理决定数量'),
    feesTenThousandYuan: z
      .number({ error: '行政事业性收费金额应为数字' })
      .min(0, { error: '行政事业性收费金额不能为负数' })
      .max(1e9, { error: '行政事业性收费金额过大' })
      // 万元 to the yuan: four decimals at most
      .refine((v) => Math.abs(Math.round(v * 10_000) - v * 10_000) < 1e-6, { error: '行政事业性收费金额最多保留4位小数（精确到元）' }),
  },
  {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? '规章和行政规范性文件件数由已发布的政府信息统计，不能填报；只填报行政许可、行政处罚、行政强制和行政事业性收费'
        : '主动公开情况应为对象',
  },
);

/** Section 二 whole: the counted rows from the records, the rest as entered. */
export function mergeProactive(counted: CountedProactive, entered: EnteredProactive): ProactiveTable {
  const table = emptyProactiveTable();
  const totals = countedProactiveTotals(counted);
  table.rules = totals.rules;
  table.normativeDocuments = totals.normativeDocuments;
  for (const f of ENTERED_PROACTIVE_FIELDS) table[f] = entered[f];
  return table;
}

/** The entered rows of a stored section 二 (a table saved whole before the rows were counted keeps its entered part). */
export function enteredPartOf(stored: unknown): EnteredProactive | null {
  if (!stored || typeof stored !== 'object') return null;
  const picked = Object.fromEntries(ENTERED_PROACTIVE_FIELDS.map((f) => [f, (stored as Record<string, unknown>)[f]]));
  const parsed = enteredProactiveSchema.safeParse(picked);
  return parsed.success ? parsed.data : null;
}

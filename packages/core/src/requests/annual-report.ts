import { isIsoDate, type IsoDate } from '../calendar/dates.js';
import { domainError, err, ok, type DomainError, type FieldIssue, type Result } from '../result.js';
import {
  APPLICANT_TYPE_NAMES,
  APPLICANT_TYPES,
  OUTCOME_CODES,
  OUTCOME_NAMES,
  outcomeDef,
  type ApplicantType,
  type OutcomeCode,
} from './outcomes.js';

/**
 * The tables of the annual report on government information disclosure (政府信息公开工作年度报告,
 * format of 国办公开办函〔2021〕30号): section 二 (proactive disclosure), section 三 (requests
 * received and handled) and section 四 (administrative review and litigation), with the checks a
 * report must pass before publication. A province's tables are the sums of its counties'.
 */

export const ANNUAL_REPORT_SECTIONS = [
  '一、总体情况',
  '二、主动公开政府信息情况',
  '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况',
  '五、存在的主要问题及改进情况',
  '六、其他需要报告的事项',
] as const;

/** Publication deadlines of the report for `year`: departments by 31 January, governments by 31 March. */
export function annualReportDueOn(year: number, publisher: 'department' | 'government'): IsoDate {
  return publisher === 'department' ? `${year + 1}-01-31` : `${year + 1}-03-31`;
}

// ---------------------------------------------------------------------------------------------
// section 三: requests

export const REQUEST_TABLE_COLUMNS = [...APPLICANT_TYPES, 'total'] as const;
export type RequestTableColumn = (typeof REQUEST_TABLE_COLUMNS)[number];
export const REQUEST_TABLE_COLUMN_NAMES: Record<RequestTableColumn, string> = { ...APPLICANT_TYPE_NAMES, total: '总计' };

/** One row of the table: a count per applicant type and the row's 总计. */
export type RequestTableCells = Record<RequestTableColumn, number>;

export interface RequestTable {
  /** 一、本年新收政府信息公开申请数量 */
  newThisYear: RequestTableCells;
  /** 二、上年结转政府信息公开申请数量 */
  carriedOver: RequestTableCells;
  /** 三、本年度办理结果, one row per outcome */
  outcomes: Record<OutcomeCode, RequestTableCells>;
  /** 三、（七）总计 */
  resultsTotal: RequestTableCells;
  /** 四、结转下年度继续办理 */
  carriedForward: RequestTableCells;
}

export type RequestTableRowKey = 'newThisYear' | 'carriedOver' | OutcomeCode | 'resultsTotal' | 'carriedForward';

export interface RequestTableRowDef {
  key: RequestTableRowKey;
  /** the row as printed in the table */
  label: string;
  /** an unambiguous name for messages */
  name: string;
}

/** The rows in print order (section 三 of the 30号 format). */
export const REQUEST_TABLE_ROWS: readonly RequestTableRowDef[] = Object.freeze([
  { key: 'newThisYear', label: '一、本年新收政府信息公开申请数量', name: '本年新收' },
  { key: 'carriedOver', label: '二、上年结转政府信息公开申请数量', name: '上年结转' },
  ...OUTCOME_CODES.map((code) => ({ key: code, label: outcomeDef(code).rowLabel, name: `办理结果“${OUTCOME_NAMES[code]}”` })),
  { key: 'resultsTotal', label: '（七）总计', name: '办理结果总计' },
  { key: 'carriedForward', label: '四、结转下年度继续办理', name: '结转下年度' },
]);

const rowName = new Map<RequestTableRowKey, string>(REQUEST_TABLE_ROWS.map((r) => [r.key, r.name]));

/** The cells of a row by key. */
export function requestTableRow(table: RequestTable, key: RequestTableRowKey): RequestTableCells {
  switch (key) {
    case 'newThisYear':
    case 'carriedOver':
    case 'resultsTotal':
    case 'carriedForward':
      return table[key];
    default:
      return table.outcomes[key];
  }
}

export type ApplicantCounts = Partial<Record<ApplicantType, number>>;

/** Counts by applicant type; anything missing is 0. */
export interface RequestCounts {
  newThisYear?: ApplicantCounts;
  carriedOver?: ApplicantCounts;
  outcomes?: Partial<Record<OutcomeCode, ApplicantCounts>>;
  carriedForward?: ApplicantCounts;
}

const cells = (counts: ApplicantCounts = {}): RequestTableCells => {
  const row = { total: 0 } as RequestTableCells;
  for (const t of APPLICANT_TYPES) {
    row[t] = counts[t] ?? 0;
    row.total += row[t];
  }
  return row;
};

/**
 * A request table from counts: each row's 总计 is the sum of its applicant types, and the
 * 办理结果总计 row the sum of the outcome rows. Whether new + carried over = results + carried
 * forward is left for `checkRequestTable` to say.
 */
export function buildRequestTable(counts: RequestCounts = {}): RequestTable {
  const outcomes = Object.fromEntries(OUTCOME_CODES.map((c) => [c, cells(counts.outcomes?.[c])])) as Record<
    OutcomeCode,
    RequestTableCells
  >;
  const resultsTotal = cells();
  for (const col of REQUEST_TABLE_COLUMNS) {
    resultsTotal[col] = OUTCOME_CODES.reduce((s, c) => s + outcomes[c][col], 0);
  }
  return {
    newThisYear: cells(counts.newThisYear),
    carriedOver: cells(counts.carriedOver),
    outcomes,
    resultsTotal,
    carriedForward: cells(counts.carriedForward),
  };
}

export type RequestTableIssueKind = 'invalidCount' | 'rowTotal' | 'resultsTotal' | 'balance' | 'carryOver';

export interface RequestTableIssue {
  kind: RequestTableIssueKind;
  row?: RequestTableRowKey;
  column?: RequestTableColumn;
  /** what the cell should hold (the computed side) */
  expected?: number;
  /** what it holds */
  actual?: number;
  /** in Chinese, for the report editor */
  message: string;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * The checks of the 30号 table: every cell a non-negative integer; in every row the 总计 column
 * equals the sum of the applicant types; in every column the 办理结果总计 row equals the sum of
 * the outcome rows; and in every column 本年新收 + 上年结转 = 办理结果总计 + 结转下年度.
 * An empty list means the table passes.
 */
export function checkRequestTable(table: RequestTable): RequestTableIssue[] {
  const issues: RequestTableIssue[] = [];
  const value = (row: RequestTableRowKey, col: RequestTableColumn): number => {
    const cellsOf = (
      row === 'newThisYear' || row === 'carriedOver' || row === 'resultsTotal' || row === 'carriedForward'
        ? table?.[row]
        : table?.outcomes?.[row]
    ) as Partial<RequestTableCells> | undefined;
    const v: unknown = cellsOf?.[col];
    if (isCount(v)) return v;
    issues.push({
      kind: 'invalidCount',
      row,
      column: col,
      message: `${rowName.get(row)}（${REQUEST_TABLE_COLUMN_NAMES[col]}）应为非负整数，实为${v === undefined ? '空' : String(v)}`,
    });
    return 0;
  };
  const grid = new Map<RequestTableRowKey, RequestTableCells>();
  for (const { key } of REQUEST_TABLE_ROWS) {
    const row = {} as RequestTableCells;
    for (const col of REQUEST_TABLE_COLUMNS) row[col] = value(key, col);
    grid.set(key, row);
  }
  const at = (row: RequestTableRowKey) => grid.get(row) as RequestTableCells;

  for (const { key } of REQUEST_TABLE_ROWS) {
    const row = at(key);
    const sum = APPLICANT_TYPES.reduce((s, t) => s + row[t], 0);
    if (sum !== row.total) {
      issues.push({
        kind: 'rowTotal',
        row: key,
        column: 'total',
        expected: sum,
        actual: row.total,
        message: `${rowName.get(key)}：总计为${row.total}，各类申请人合计为${sum}`,
      });
    }
  }
  for (const col of REQUEST_TABLE_COLUMNS) {
    const name = REQUEST_TABLE_COLUMN_NAMES[col];
    const sum = OUTCOME_CODES.reduce((s, c) => s + at(c)[col], 0);
    const total = at('resultsTotal')[col];
    if (sum !== total) {
      issues.push({
        kind: 'resultsTotal',
        row: 'resultsTotal',
        column: col,
        expected: sum,
        actual: total,
        message: `“${name}”列：办理结果总计为${total}，各项办理结果合计为${sum}`,
      });
    }
    const inflow = at('newThisYear')[col] + at('carriedOver')[col];
    const outflow = total + at('carriedForward')[col];
    if (inflow !== outflow) {
      issues.push({
        kind: 'balance',
        column: col,
        expected: inflow,
        actual: outflow,
        message: `“${name}”列：本年新收（${at('newThisYear')[col]}）＋上年结转（${at('carriedOver')[col]}）＝${inflow}，不等于办理结果总计（${total}）＋结转下年度（${at('carriedForward')[col]}）＝${outflow}`,
      });
    }
  }
  return issues;
}

/** This year's 上年结转 must equal last year's 结转下年度, column by column. */
export function checkCarryOver(previous: RequestTable, current: RequestTable): RequestTableIssue[] {
  const issues: RequestTableIssue[] = [];
  for (const col of REQUEST_TABLE_COLUMNS) {
    const expected = previous.carriedForward[col];
    const actual = current.carriedOver[col];
    if (expected !== actual) {
      issues.push({
        kind: 'carryOver',
        row: 'carriedOver',
        column: col,
        expected,
        actual,
        message: `“${REQUEST_TABLE_COLUMN_NAMES[col]}”列：上年结转为${actual}，上一年度报告的结转下年度为${expected}`,
      });
    }
  }
  return issues;
}

/** The cell-by-cell sum (a province's table is the sum of its counties'); no tables give zeros. */
export function sumTables(tables: readonly RequestTable[]): RequestTable {
  const out = buildRequestTable();
  for (const { key } of REQUEST_TABLE_ROWS) {
    const target = requestTableRow(out, key);
    for (const col of REQUEST_TABLE_COLUMNS) {
      target[col] = tables.reduce((s, t) => s + requestTableRow(t, key)[col], 0);
    }
  }
  return out;
}

/** A request as the report counts it. */
export interface TalliedRequest {
  applicantType: ApplicantType;
  receivedOn: IsoDate;
  /** the day of the reply (or of another ending the caller counts), if any */
  closedOn?: IsoDate | null;
  /** the row a closed request is counted in; required when `closedOn` is set */
  outcome?: OutcomeCode | null;
}

/**
 * The request table of `year` from the requests: received in the year → 本年新收; received
 * earlier and still open on 1 January → 上年结转; closed in the year → its outcome row; open on
 * 31 December → 结转下年度. The table balances by construction. The 30号 table has no row for a
 * withdrawn request: the caller decides which row counts it (for instance 其他处理 · 其他).
 */
export function tallyRequests(year: number, requests: readonly TalliedRequest[]): Result<RequestTable, DomainError> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const fields: FieldIssue[] = [];
  const counts: Required<RequestCounts> & { outcomes: Partial<Record<OutcomeCode, ApplicantCounts>> } = {
    newThisYear: {},
    carriedOver: {},
    outcomes: {},
    carriedForward: {},
  };
  const bump = (c: ApplicantCounts, t: ApplicantType) => {
    c[t] = (c[t] ?? 0) + 1;
  };
  requests.forEach((r, i) => {
    if (!(APPLICANT_TYPES as readonly string[]).includes(r.applicantType)) {
      fields.push({ field: `${i}.applicantType`, message: '申请人类型无效' });
      return;
    }
    if (!isIsoDate(r.receivedOn)) {
      fields.push({ field: `${i}.receivedOn`, message: '收到申请日期格式应为 YYYY-MM-DD' });
      return;
    }
    const closedOn = r.closedOn ?? null;
    if (closedOn !== null && (!isIsoDate(closedOn) || closedOn < r.receivedOn)) {
      fields.push({ field: `${i}.closedOn`, message: '办结日期无效或早于收到申请日期' });
      return;
    }
    if (r.receivedOn > to || (closedOn !== null && closedOn < from)) return;
    bump(r.receivedOn >= from ? counts.newThisYear : counts.carriedOver, r.applicantType);
    if (closedOn !== null && closedOn <= to) {
      const outcome = r.outcome;
      if (outcome === undefined || outcome === null || !(OUTCOME_CODES as readonly string[]).includes(outcome)) {
        fields.push({ field: `${i}.outcome`, message: '已办结的申请须有办理结果' });
        return;
      }
      bump((counts.outcomes[outcome] ??= {}), r.applicantType);
    } else {
      bump(counts.carriedForward, r.applicantType);
    }
  });
  if (fields.length > 0) return err(domainError('validation_failed', '申请数据有误，无法统计', { fields }));
  return ok(buildRequestTable(counts));
}

// ---------------------------------------------------------------------------------------------
// section 二: proactive disclosure

export interface IssuedRepealedInForce {
  /** 本年制发件数 */
  issued: number;
  /** 本年废止件数 */
  repealed: number;
  /** 现行有效件数 */
  inForce: number;
}

export interface ProactiveTable {
  /** 第二十条第（一）项 规章 */
  rules: IssuedRepealedInForce;
  /** 第二十条第（一）项 行政规范性文件 */
  normativeDocuments: IssuedRepealedInForce;
  /** 第二十条第（五）项 行政许可 本年处理决定数量 */
  licensingDecisions: number;
  /** 第二十条第（六）项 行政处罚 本年处理决定数量 */
  penaltyDecisions: number;
  /** 第二十条第（六）项 行政强制 本年处理决定数量 */
  enforcementDecisions: number;
  /** 第二十条第（八）项 行政事业性收费 本年收费金额（单位：万元） */
  feesTenThousandYuan: number;
}

export const emptyProactiveTable = (): ProactiveTable => ({
  rules: { issued: 0, repealed: 0, inForce: 0 },
  normativeDocuments: { issued: 0, repealed: 0, inForce: 0 },
  licensingDecisions: 0,
  penaltyDecisions: 0,
  enforcementDecisions: 0,
  feesTenThousandYuan: 0,
});

export interface ReportTableIssue {
  field: string;
  message: string;
}

/** Counts are non-negative integers; the fee amount (万元) a non-negative number. */
export function checkProactiveTable(t: ProactiveTable): ReportTableIssue[] {
  const issues: ReportTableIssue[] = [];
  const count = (field: string, name: string, v: unknown) => {
    if (!isCount(v)) issues.push({ field, message: `${name}应为非负整数，实为${String(v)}` });
  };
  for (const [key, name] of [
    ['rules', '规章'],
    ['normativeDocuments', '行政规范性文件'],
  ] as const) {
    count(`${key}.issued`, `${name}本年制发件数`, t[key]?.issued);
    count(`${key}.repealed`, `${name}本年废止件数`, t[key]?.repealed);
    count(`${key}.inForce`, `${name}现行有效件数`, t[key]?.inForce);
  }
  count('licensingDecisions', '行政许可本年处理决定数量', t.licensingDecisions);
  count('penaltyDecisions', '行政处罚本年处理决定数量', t.penaltyDecisions);
  count('enforcementDecisions', '行政强制本年处理决定数量', t.enforcementDecisions);
  if (typeof t.feesTenThousandYuan !== 'number' || !Number.isFinite(t.feesTenThousandYuan) || t.feesTenThousandYuan < 0) {
    issues.push({ field: 'feesTenThousandYuan', message: `行政事业性收费金额应为非负数（万元），实为${String(t.feesTenThousandYuan)}` });
  }
  return issues;
}

export function sumProactiveTables(tables: readonly ProactiveTable[]): ProactiveTable {
  const out = emptyProactiveTable();
  for (const t of tables) {
    for (const key of ['rules', 'normativeDocuments'] as const) {
      out[key].issued += t[key].issued;
      out[key].repealed += t[key].repealed;
      out[key].inForce += t[key].inForce;
    }
    out.licensingDecisions += t.licensingDecisions;
    out.penaltyDecisions += t.penaltyDecisions;
    out.enforcementDecisions += t.enforcementDecisions;
    // amounts in 万元 with up to 4 decimals (to the yuan): sum in yuan to avoid float drift
    out.feesTenThousandYuan = Math.round(out.feesTenThousandYuan * 10_000 + t.feesTenThousandYuan * 10_000) / 10_000;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// section 四: administrative review and litigation

export const CASE_RESULT_COLUMNS = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;
export type CaseResultColumn = (typeof CASE_RESULT_COLUMNS)[number];
export const CASE_RESULT_NAMES: Record<CaseResultColumn, string> = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
  total: '总计',
};
export type CaseCounts = Record<CaseResultColumn, number>;

export const REVIEW_LITIGATION_GROUPS = ['review', 'litigationDirect', 'litigationAfterReview'] as const;
export type ReviewLitigationGroup = (typeof REVIEW_LITIGATION_GROUPS)[number];
export const REVIEW_LITIGATION_GROUP_NAMES: Record<ReviewLitigationGroup, string> = {
  review: '行政复议',
  litigationDirect: '行政诉讼 · 未经复议直接起诉',
  litigationAfterReview: '行政诉讼 · 复议后起诉',
};

export type ReviewLitigationTable = Record<ReviewLitigationGroup, CaseCounts>;

const caseCounts = (c: Partial<Omit<CaseCounts, 'total'>> = {}): CaseCounts => {
  const upheld = c.upheld ?? 0;
  const corrected = c.corrected ?? 0;
  const other = c.other ?? 0;
  const pending = c.pending ?? 0;
  return { upheld, corrected, other, pending, total: upheld + corrected + other + pending };
};

/** The section 四 table from the counts staff enter; each 总计 is computed. */
export function buildReviewLitigationTable(
  counts: Partial<Record<ReviewLitigationGroup, Partial<Omit<CaseCounts, 'total'>>>> = {},
): ReviewLitigationTable {
  return {
    review: caseCounts(counts.review),
    litigationDirect: caseCounts(counts.litigationDirect),
    litigationAfterReview: caseCounts(counts.litigationAfterReview),
  };
}

/** Every count a non-negative integer; each 总计 = 维持 + 纠正 + 其他 + 尚未审结. */
export function checkReviewLitigationTable(t: ReviewLitigationTable): ReportTableIssue[] {
  const issues: ReportTableIssue[] = [];
  for (const g of REVIEW_LITIGATION_GROUPS) {
    const row = t[g] as Partial<CaseCounts> | undefined;
    let bad = false;
    for (const col of CASE_RESULT_COLUMNS) {
      const v = row?.[col];
      if (!isCount(v)) {
        bad = true;
        issues.push({
          field: `${g}.${col}`,
          message: `${REVIEW_LITIGATION_GROUP_NAMES[g]}“${CASE_RESULT_NAMES[col]}”应为非负整数，实为${String(v)}`,
        });
      }
    }
    if (bad || !row) continue;
    const sum = (row.upheld ?? 0) + (row.corrected ?? 0) + (row.other ?? 0) + (row.pending ?? 0);
    if (sum !== row.total) {
      issues.push({
        field: `${g}.total`,
        message: `${REVIEW_LITIGATION_GROUP_NAMES[g]}：总计为${row.total}，各项合计为${sum}`,
      });
    }
  }
  return issues;
}

export function sumReviewLitigationTables(tables: readonly ReviewLitigationTable[]): ReviewLitigationTable {
  const out = buildReviewLitigationTable();
  for (const t of tables) {
    for (const g of REVIEW_LITIGATION_GROUPS) {
      for (const col of CASE_RESULT_COLUMNS) out[g][col] += t[g][col];
    }
  }
  return out;
}

/**
 * The county's 政府信息公开工作年度报告 as a document (国办公开办函〔2021〕30号 format): sections
 * 一, 五 and 六 as staff write them, section 二's 规章 and 行政规范性文件 rows counted from the
 * published records and its other rows as staff enter them, sections 三 and 四 from
 * `annualReport` (the requests, and the review/litigation counts). Export (.docx, HTML) and
 * publication are refused while the cross-checks fail. Publication federates `annual.report` with
 * the three tables so the province's report can be the sum of its counties', and files the report
 * as an information record (full text and .docx) that the hub serves like any other.
 */
import {
  ANNUAL_REPORT_KIND,
  ANNUAL_REPORT_SECTIONS,
  APPLICANT_TYPE_DEFS,
  CASE_RESULT_COLUMNS,
  REQUEST_TABLE_COLUMNS,
  REQUEST_TABLE_ROWS,
  REVIEW_LITIGATION_GROUPS,
  type ProactiveTable,
  type RequestTable,
  type Result,
  type ReviewLitigationTable,
  annualReportEntityId,
  annualReportEventBodySchema,
  checkProactiveTable,
  COUNTED_PROACTIVE_COLUMNS,
  COUNTED_PROACTIVE_ROWS,
  type CountedProactive,
  domainError,
  enteredPartOf,
  enteredProactiveSchema,
  mergeProactive,
  err,
  chinaDate,
  formatDateZh,
  isOutcomeCode,
  outcomeDef,
  outcomeGroupDef,
  outcomesOfGroup,
  OUTCOME_CODES,
  ok,
  requestTableRow,
} from '@zwgk/core';
import { type AnnualReportRow, annualReports } from '@zwgk/db/sqlite';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type AuthUser, requireRole } from './accounts.js';
import { writeAudit } from './audit.js';
import { type ServiceDeps, nowOf } from './context.js';
import { type DocBlock, renderDocx, renderHtml } from './document-render.js';
import { fileReportRecord, publishedRecordIdOf } from './annual-report-record.js';
import { detectAttachmentType } from './attachments.js';
import { appendOutbox } from './outbox.js';
import { annualReport, todayOf } from './requests.js';

const yearSchema = z.coerce.number().int().min(2008).max(2200);
const TEXT_MAX = 20_000;

export const annualReportTextsInputSchema = z
  .object({
    /** 一、总体情况 */
    overview: z.string().max(TEXT_MAX).optional(),
    /** 五、存在的主要问题及改进情况 */
    problems: z.string().max(TEXT_MAX).optional(),
    /** 六、其他需要报告的事项 */
    otherMatters: z.string().max(TEXT_MAX).optional(),
    /** 二、主动公开政府信息情况: the rows that are not records (the 规章 and 规范性文件 rows are counted) */
    proactive: enteredProactiveSchema.optional(),
  })
  .strict();

export const reportCheckSchema = z.object({ section: z.string(), field: z.string().optional(), message: z.string() });
export type ReportCheck = z.infer<typeof reportCheckSchema>;

export const annualReportDraftSchema = z.object({
  year: z.number(),
  county: z.object({ code: z.string(), name: z.string() }),
  overview: z.string(),
  problems: z.string(),
  otherMatters: z.string(),
  /** section 二 whole (counted and entered rows), null until the entered rows are saved */
  proactive: z.record(z.string(), z.unknown()).nullable(),
  /** section 二's rows counted from the published records */
  proactiveCounted: z.record(z.string(), z.unknown()),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  /** who published the last version */
  publishedBy: z.string().nullable(),
  publishedVersion: z.number(),
  /** the information record of the last publication */
  publishedRecordId: z.string().nullable(),
  /** every check that fails; export and publication need an empty list */
  failedChecks: z.array(reportCheckSchema),
});
export type AnnualReportDraft = z.infer<typeof annualReportDraftSchema>;

export const publishedReportSchema = z.object({
  year: z.number(),
  publishedAt: z.string(),
  version: z.number(),
  body: z.record(z.string(), z.unknown()),
  /** the information record carrying the report (full text and .docx) */
  record: z.object({ id: z.string(), indexNo: z.string(), version: z.number(), docxAttachmentId: z.string() }),
});

const badYear = () => err(domainError('validation_failed', '年度有误', { fields: [{ field: 'year', message: '应为四位年份' }] }));

const rowOf = (deps: ServiceDeps, year: number): AnnualReportRow | undefined =>
  deps.db.select().from(annualReports).where(eq(annualReports.year, year)).get();

interface Assembled {
  year: number;
  row: AnnualReportRow | undefined;
  requestTable: RequestTable;
  reviewLitigation: ReviewLitigationTable | null;
  proactive: ProactiveTable | null;
  counted: CountedProactive;
  failed: ReportCheck[];
}

/** Everything the report needs, with every failed check (sections 二, 三, 四). */
function assemble(deps: ServiceDeps, year: number): Result<Assembled> {
  const report = annualReport(deps, year);
  if (!report.ok) return report;
  const r = report.value;
  const row = rowOf(deps, year);
  const failed: ReportCheck[] = [];
  // A blank section would be issued as “（未填写）”: the law's report has all six, so the node
  // refuses publication and export until staff have written 一, 五 and 六.
  const written: [string, string | null | undefined][] = [
    [ANNUAL_REPORT_SECTIONS[0], row?.overview],
    [ANNUAL_REPORT_SECTIONS[4], row?.problems],
    [ANNUAL_REPORT_SECTIONS[5], row?.otherMatters],
  ];
  for (const [section, text] of written) if (!text?.trim()) failed.push({ section, message: `${section}尚未填写` });
  const counted = Object.fromEntries(
    COUNTED_PROACTIVE_ROWS.map((k) => [
      k,
      Object.fromEntries(COUNTED_PROACTIVE_COLUMNS.map((c) => [c, { count: r.proactive.counted[k][c].count, recordIds: r.proactive.counted[k][c].records.map((x) => x.id) }])),
    ]),
  ) as CountedProactive;
  const entered = enteredPartOf(row?.proactive);
  const proactive = entered ? mergeProactive(counted, entered) : null;
  if (!proactive) failed.push({ section: ANNUAL_REPORT_SECTIONS[1], message: '主动公开政府信息情况表（行政许可、行政处罚、行政强制、行政事业性收费）尚未填报' });
  else for (const i of checkProactiveTable(proactive)) failed.push({ section: ANNUAL_REPORT_SECTIONS[1], field: i.field, message: i.message });
  for (const i of r.checks.requestTable) {
    failed.push({ section: ANNUAL_REPORT_SECTIONS[2], message: String(i.message), ...(i.row ? { field: `${String(i.row)}.${String(i.column ?? '')}` } : {}) });
  }
  if (!r.reviewLitigation) failed.push({ section: ANNUAL_REPORT_SECTIONS[3], message: '行政复议、行政诉讼情况尚未填报' });
  for (const i of r.checks.reviewLitigation) failed.push({ section: ANNUAL_REPORT_SECTIONS[3], field: i.field, message: i.message });
  return ok({
    year,
    row,
    requestTable: r.requestTable as unknown as RequestTable,
    reviewLitigation: r.reviewLitigation as unknown as ReviewLitigationTable | null,
    proactive,
    counted,
    failed,
  });
}

function draftView(deps: ServiceDeps, a: Assembled): AnnualReportDraft {
  return {
    year: a.year,
    county: { code: deps.county.code, name: deps.county.name },
    overview: a.row?.overview ?? '',
    problems: a.row?.problems ?? '',
    otherMatters: a.row?.otherMatters ?? '',
    proactive: (a.proactive as unknown as Record<string, unknown> | null) ?? null,
    proactiveCounted: Object.fromEntries(
      COUNTED_PROACTIVE_ROWS.map((k) => [k, Object.fromEntries(COUNTED_PROACTIVE_COLUMNS.map((c) => [c, a.counted[k][c].count]))]),
    ),
    updatedAt: a.row?.updatedAt ?? null,
    updatedBy: a.row?.updatedBy ?? null,
    publishedAt: a.row?.publishedAt ?? null,
    publishedBy: a.row?.publishedBy ?? null,
    publishedVersion: a.row?.publishedVersion ?? 0,
    publishedRecordId: publishedRecordIdOf(a.row?.published),
    failedChecks: a.failed,
  };
}

/** The staff-written parts of a year's report and the checks that currently fail. */
export function getAnnualReportDraft(deps: ServiceDeps, rawYear: unknown): Result<AnnualReportDraft> {
  const y = yearSchema.safeParse(rawYear);
  if (!y.success) return badYear();
  const a = assemble(deps, y.data);
  if (!a.ok) return a;
  return ok(draftView(deps, a.value));
}

/** Saves sections 一, 五, 六 and section 二's table (county admins), audited. Only the fields sent change. */
export function putAnnualReportTexts(deps: ServiceDeps, actor: AuthUser, rawYear: unknown, input: unknown): Result<AnnualReportDraft> {
  const allowed = requireRole(actor, ['county_admin']);
  if (!allowed.ok) return allowed;
  const y = yearSchema.safeParse(rawYear);
  if (!y.success) return badYear();
  const parsed = annualReportTextsInputSchema.safeParse(input);
  if (!parsed.success) {
    return err(
      domainError('validation_failed', '年度报告内容有误', {
        fields: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.message })),
      }),
    );
  }
  const v = parsed.data;
  const at = nowOf(deps).toISOString();
  const set = {
    ...(v.overview !== undefined ? { overview: v.overview } : {}),
    ...(v.problems !== undefined ? { problems: v.problems } : {}),
    ...(v.otherMatters !== undefined ? { otherMatters: v.otherMatters } : {}),
    ...(v.proactive !== undefined ? { proactive: v.proactive as Record<string, unknown> } : {}),
    updatedAt: at,
    updatedBy: actor.username,
  };
  deps.db.transaction(
    (tx) => {
      tx.insert(annualReports)
        .values({ year: y.data, ...set })
        .onConflictDoUpdate({ target: annualReports.year, set })
        .run();
      writeAudit(tx, {
        at,
        actor: actor.username,
        action: 'annual_report.texts',
        entityType: 'annual_report',
        entityId: String(y.data),
        details: { fields: Object.keys(v) },
      });
    },
    { behavior: 'immediate' },
  );
  return getAnnualReportDraft(deps, y.data);
}

const refuse = (year: number, failed: ReportCheck[], what: string) =>
  err(
    domainError('invalid_state', `${year}年度报告未通过校验，不能${what}：${failed.map((f) => f.message).slice(0, 3).join('；')}${failed.length > 3 ? ' 等' : ''}`, {
      failedChecks: failed,
    }),
  );

// ---------------------------------------------------------------------------------------------
// the document

const n = (v: number): string => String(v);

/** The 30号 section 二 table. */
function proactiveBlocks(p: ProactiveTable): DocBlock[] {
  return [
    {
      type: 'table',
      header: [['第二十条第（一）项', '', '', ''], ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数']],
      rows: [
        ['规章', n(p.rules.issued), n(p.rules.repealed), n(p.rules.inForce)],
        ['行政规范性文件', n(p.normativeDocuments.issued), n(p.normativeDocuments.repealed), n(p.normativeDocuments.inForce)],
      ],
    },
    {
      type: 'table',
      header: [['第二十条第（五）项', ''], ['信息内容', '本年处理决定数量']],
      rows: [['行政许可', n(p.licensingDecisions)]],
    },
    {
      type: 'table',
      header: [['第二十条第（六）项', ''], ['信息内容', '本年处理决定数量']],
      rows: [
        ['行政处罚', n(p.penaltyDecisions)],
        ['行政强制', n(p.enforcementDecisions)],
      ],
    },
    {
      type: 'table',
      header: [['第二十条第（八）项', ''], ['信息内容', '本年收费金额（单位：万元）']],
      rows: [['行政事业性收费', String(p.feesTenThousandYuan)]],
    },
  ];
}

/** The 30号 section 三 table: a row per line of the format, a column per applicant type. */
export function requestTableBlock(t: RequestTable): DocBlock {
  const org = APPLICANT_TYPE_DEFS.filter((d) => d.kind === 'organization').map((d) => d.label);
  return {
    type: 'table',
    header: [
      ['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '申请人情况', '', '', '', '', '', ''],
      ['', '自然人', '法人或其他组织', '', '', '', '', '总计'],
      ['', '', ...org, ''],
    ],
    rows: REQUEST_TABLE_ROWS.map((r) => {
      let label = r.label;
      if (isOutcomeCode(r.key)) {
        const o = outcomeDef(r.key);
        if (outcomesOfGroup(o.group).length > 1) label = `${outcomeGroupDef(o.group).number}${outcomeGroupDef(o.group).label} ${label}`;
      }
      const prefix = r.key === OUTCOME_CODES[0] ? '三、本年度办理结果 ' : '';
      const cells = requestTableRow(t, r.key);
      return [`${prefix}${label}`, ...REQUEST_TABLE_COLUMNS.map((c) => n(cells[c]))];
    }),
  };
}

/** The 30号 section 四 table. */
export function reviewLitigationBlock(t: ReviewLitigationTable): DocBlock {
  const labels = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
  return {
    type: 'table',
    header: [
      ['行政复议', '', '', '', '', '行政诉讼', '', '', '', '', '', '', '', '', ''],
      ['', '', '', '', '', '未经复议直接起诉', '', '', '', '', '复议后起诉', '', '', '', ''],
      [...labels, ...labels, ...labels],
    ],
    rows: [REVIEW_LITIGATION_GROUPS.flatMap((g) => CASE_RESULT_COLUMNS.map((c) => n(t[g][c])))],
  };
}

const paragraphsOf = (text: string): DocBlock[] => {
  const parts = text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
  return (parts.length ? parts : ['（未填写）']).map((s) => ({ type: 'paragraph' as const, text: s }));
};

function reportBlocks(deps: ServiceDeps, a: Assembled, date: string): DocBlock[] {
  const s = ANNUAL_REPORT_SECTIONS;
  const organ = `${deps.county.name}人民政府`;
  return [
    { type: 'title', text: `${organ}${a.year}年政府信息公开工作年度报告` },
    {
      type: 'paragraph',
      text: `本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）编制。本报告统计期限为${a.year}年1月1日至${a.year}年12月31日。`,
    },
    { type: 'heading', text: s[0] },
    ...paragraphsOf(a.row?.overview ?? ''),
    { type: 'heading', text: s[1] },
    ...(a.proactive ? proactiveBlocks(a.proactive) : paragraphsOf('')),
    { type: 'heading', text: s[2] },
    requestTableBlock(a.requestTable),
    { type: 'heading', text: s[3] },
    ...(a.reviewLitigation ? [reviewLitigationBlock(a.reviewLitigation)] : paragraphsOf('')),
    { type: 'heading', text: s[4] },
    ...paragraphsOf(a.row?.problems ?? ''),
    { type: 'heading', text: s[5] },
    ...paragraphsOf(a.row?.otherMatters ?? ''),
    { type: 'signature', issuer: organ, date },
  ];
}

function exportable(deps: ServiceDeps, rawYear: unknown): Result<{ a: Assembled; blocks: DocBlock[]; title: string }> {
  const y = yearSchema.safeParse(rawYear);
  if (!y.success) return badYear();
  const a = assemble(deps, y.data);
  if (!a.ok) return a;
  if (a.value.failed.length) return refuse(y.data, a.value.failed, '导出');
  const date = formatDateZh(a.value.row?.publishedAt ? a.value.row.publishedAt.slice(0, 10) : todayOf(deps));
  const blocks = reportBlocks(deps, a.value, date);
  return ok({ a: a.value, blocks, title: `${deps.county.name}人民政府${y.data}年政府信息公开工作年度报告` });
}

/**
 * The document as it stands, whether or not the checks pass: the console previews it while staff
 * are still writing, from the very blocks the .docx, the HTML and the published record are made of.
 */
export function annualReportPreview(deps: ServiceDeps, rawYear: unknown): Result<{ title: string; blocks: DocBlock[]; failedChecks: ReportCheck[] }> {
  const y = yearSchema.safeParse(rawYear);
  if (!y.success) return badYear();
  const a = assemble(deps, y.data);
  if (!a.ok) return a;
  const date = formatDateZh(a.value.row?.publishedAt ? a.value.row.publishedAt.slice(0, 10) : todayOf(deps));
  return ok({ title: `${deps.county.name}人民政府${y.data}年政府信息公开工作年度报告`, blocks: reportBlocks(deps, a.value, date), failedChecks: a.value.failed });
}

export async function annualReportDocx(deps: ServiceDeps, rawYear: unknown): Promise<Result<{ buffer: Buffer; fileName: string; asciiName: string }>> {
  const e = exportable(deps, rawYear);
  if (!e.ok) return e;
  const buffer = await renderDocx(e.value.blocks, { title: e.value.title, creator: `${deps.county.name}人民政府` });
  return ok({ buffer, fileName: `${e.value.title}.docx`, asciiName: `annual-report-${deps.county.code}-${e.value.a.year}.docx` });
}

export function annualReportHtml(deps: ServiceDeps, rawYear: unknown): Result<string> {
  const e = exportable(deps, rawYear);
  if (!e.ok) return e;
  return ok(renderHtml(e.value.blocks, { title: e.value.title }));
}

/**
 * Publishes the year's report (county admins): the checks must pass; records publishedAt, files
 * the report as an information record (annual-report-record.ts: full text as its body, the
 * .docx as its attachment, index number and label) and federates the record, the .docx chunks and
 * `annual.report` with the three tables and the record's id — all in one IMMEDIATE transaction,
 * so a failed attempt leaves nothing and a retry is simply the next publication (a new version of
 * the same report and record, never a second record).
 */
export async function publishAnnualReport(deps: ServiceDeps, actor: AuthUser, rawYear: unknown): Promise<Result<z.infer<typeof publishedReportSchema>>> {
  const allowed = requireRole(actor, ['county_admin']);
  if (!allowed.ok) return allowed;
  const y = yearSchema.safeParse(rawYear);
  if (!y.success) return badYear();
  const year = y.data;
  // The .docx is rendered (asynchronously) before the synchronous SQLite transaction; inside it
  // the report is assembled again and must render the same blocks, or a write that slipped in
  // between would make the attachment disagree with the tables: then render once more.
  for (let attempt = 1; ; attempt++) {
    const now = nowOf(deps);
    const at = now.toISOString();
    const today = chinaDate(now);
    const pre = assemble(deps, year);
    if (!pre.ok) return pre;
    if (pre.value.failed.length) return refuse(year, pre.value.failed, '发布');
    const blocks = reportBlocks(deps, pre.value, formatDateZh(today));
    const title = `${deps.county.name}人民政府${year}年政府信息公开工作年度报告`;
    const bytes = await renderDocx(blocks, { title, creator: `${deps.county.name}人民政府` });
    // decided by content, like any upload: what is attached is what the hub will serve
    const type = await detectAttachmentType(bytes);
    if (!type.ok) return type;
    const bodyHtml = htmlFragment(blocks.filter((b) => b.type !== 'title'), title);
    try {
      const result = deps.db.transaction(
        (tx) => {
          const txDeps = { ...deps, db: tx as unknown as ServiceDeps['db'] };
          const a = assemble(txDeps, year);
          if (!a.ok) throw new Refused(a);
          if (a.value.failed.length) throw new Refused(refuse(year, a.value.failed, '发布'));
          if (JSON.stringify(reportBlocks(txDeps, a.value, formatDateZh(today))) !== JSON.stringify(blocks)) throw new Stale();
          const version = (a.value.row?.publishedVersion ?? 0) + 1;
          const filed = fileReportRecord(deps, tx, actor, {
            year,
            bodyHtml,
            docx: { bytes, ext: type.value.ext, mediaType: type.value.mediaType },
            version,
            previousRecordId: publishedRecordIdOf(a.value.row?.published),
            at,
            today,
          });
          if (!filed.ok) throw new Refused(filed);
          const { record, attachmentId } = filed.value;
          const body = annualReportEventBodySchema.parse({
            countyCode: deps.county.code,
            year,
            publishedAt: at,
            version,
            requestTable: a.value.requestTable,
            proactive: a.value.proactive,
            reviewLitigation: a.value.reviewLitigation,
            recordId: record.id,
            docxAttachmentId: attachmentId,
          });
          const set = { publishedAt: at, publishedBy: actor.username, publishedVersion: version, published: body as unknown as Record<string, unknown> };
          tx.insert(annualReports)
            .values({ year, updatedAt: at, updatedBy: actor.username, ...set })
            .onConflictDoUpdate({ target: annualReports.year, set })
            .run();
          writeAudit(tx, {
            at,
            actor: actor.username,
            action: 'annual_report.publish',
            entityType: 'annual_report',
            entityId: String(year),
            details: { version, recordId: record.id, recordVersion: record.version, indexNo: record.indexNo, docxAttachmentId: attachmentId },
          });
          appendOutbox(
            tx,
            { countyCode: deps.county.code, signingPrivateKey: deps.signingPrivateKey },
            { kind: ANNUAL_REPORT_KIND, entityId: annualReportEntityId(deps.county.code, year), entityVersion: version, body, occurredAt: at },
          );
          return { version, body, record };
        },
        { behavior: 'immediate' },
      );
      deps.wake();
      const r = result.record;
      return ok({
        year,
        publishedAt: at,
        version: result.version,
        body: result.body as unknown as Record<string, unknown>,
        record: { id: r.id, indexNo: r.indexNo ?? '', version: r.version, docxAttachmentId: result.body.docxAttachmentId ?? '' },
      });
    } catch (e) {
      if (e instanceof Refused) return e.result;
      if (e instanceof Stale && attempt < 3) continue;
      throw e;
    }
  }
}

/** Thrown to roll the publishing transaction back with the reason as its answer. */
class Refused extends Error {
  constructor(readonly result: Extract<Result<never>, { ok: false }>) {
    super('refused');
  }
}
/** The report changed between rendering the .docx and the transaction. */
class Stale extends Error {}

/** The printable page's content (inside its <main>), the record body before sanitising. */
function htmlFragment(blocks: DocBlock[], title: string): string {
  const page = renderHtml(blocks, { title });
  const start = page.indexOf('<main>');
  const end = page.lastIndexOf('</main>');
  return page.slice(start + '<main>'.length, end).trim();
}

/**
 * Annual report generation at a county: a real county node over a fresh SQLite file with N
 * requests (default 5,000) registered and moved through the workflow by the service layer (the
 * same code as the REST endpoints: audit rows and signed outbox rows included) — replied with every
 * outcome row, withdrawn, lapsed, in review, received the year before or replied the year after —
 * and a few hundred published 规章 / 行政规范性文件 for section 二. Then, several runs each:
 * `annualReport` (the request table with its cross-checks and section 二's counts), the draft with
 * every check (`getAnnualReportDraft`), the .docx and the HTML export. Median / max and peak RSS.
 *
 *   tsx bench/annual-report.ts [--requests 5000] [--records 300] [--runs 7]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { APPLICANT_TYPES, OUTCOME_CODES, type Result, addDays } from '@zwgk/core';
import { infoRecords, infoRequests } from '@zwgk/db/sqlite';
import { tempDir } from '@zwgk/testing';
import { count, sql } from 'drizzle-orm';
import pino from 'pino';
import { initNode } from '../src/commands.js';
import { createCountyNode } from '../src/node.js';
import { type AuthUser, createUser } from '../src/services/accounts.js';
import { annualReportDocx, annualReportHtml, getAnnualReportDraft, putAnnualReportTexts } from '../src/services/annual-report-export.js';
import { createRecord, transitionRecord } from '../src/services/records.js';
import { annualReport, putReviewLitigation, registerRequest, transitionRequest } from '../src/services/requests.js';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '5000' }, records: { type: 'string', default: '300' }, runs: { type: 'string', default: '7' } },
});
const N = Number(values.requests);
const RECORDS = Number(values.records);
const RUNS = Number(values.runs);
const YEAR = 2025;
// a lapsed correction has its own action (`lapse`); a reply may use every other row
const REPLY_OUTCOMES = OUTCOME_CODES.filter((c) => c !== 'otherNoCorrection');

const must = <T>(r: Result<T>, what: string): T => {
  if (!r.ok) throw new Error(`${what}: ${r.error.message} ${JSON.stringify(r.error.details ?? '')}`);
  return r.value;
};
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const peakRss = () => process.resourceUsage().maxRSS * 1024;

let rand = 11;
const random = () => (rand = (rand * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/** The figures of one step over RUNS runs. */
async function time(label: string, fn: () => unknown): Promise<{ label: string; median: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { label, median: times[Math.floor(times.length / 2)]!, max: times[times.length - 1]! };
}

const dir = tempDir('zwgk-bench-annual-');
try {
  const init = initNode({ county: '130102', dataDir: dir.path });
  if (!init.ok) throw new Error(init.error.message);
  const node = createCountyNode({ natsUrl: 'nats://127.0.0.1:1', logger: pino({ level: 'silent' }), dataDir: dir.path });
  const deps = node.services;
  // the report of 2025 is prepared in January 2026: every date below is in the past
  deps.now = () => new Date('2026-01-20T02:00:00Z');
  const user = async (username: string, role: 'county_admin' | 'county_editor' | 'county_reviewer'): Promise<AuthUser> =>
    must(await createUser(deps, { username, password: 'bench password 1', role }, 'system'), `user ${username}`);
  const admin = await user('admin', 'county_admin');
  const editor = await user('editor', 'county_editor');
  const reviewer = await user('reviewer', 'county_reviewer');

  // seeding is not what is measured: no fsync per transaction while it runs
  node.db.run(sql`pragma synchronous = off`);
  // ── requests: received from mid-November 2024 to the end of 2025, in every state ─────────────
  const t0 = performance.now();
  const first = '2024-11-15';
  const span = 411; // days to 2025-12-31
  const mix = { replied: 0, withdrawn: 0, lapsed: 0, open: 0 };
  for (let i = 0; i < N; i++) {
    const receivedOn = addDays(first, Math.floor((i * span) / N));
    const applicantType = random() < 0.7 ? 'naturalPerson' : pick(APPLICANT_TYPES.slice(1));
    const reg = must(
      registerRequest(deps, admin, {
        channel: 'inPerson',
        submittedOn: receivedOn,
        applicant: { name: '申请人', phone: '13900000000', ...(applicantType === 'naturalPerson' ? {} : { organisationName: '某单位' }) },
        applicantType,
        description: '申请公开某项政府信息',
        deliveryForm: pick(['paper', 'electronic']),
      }),
      'register',
    );
    const r = random();
    const later = (days: number) => {
      const d = addDays(receivedOn, days);
      return d > '2026-01-20' ? '2026-01-20' : d;
    };
    if (r < 0.05) {
      must(transitionRequest(deps, admin, reg.id, { action: 'withdraw', on: later(3) }), 'withdraw');
      mix.withdrawn++;
    } else if (r < 0.08) {
      must(transitionRequest(deps, admin, reg.id, { action: 'requestCorrection', on: later(2) }), 'correction');
      must(transitionRequest(deps, admin, reg.id, { action: 'lapse', on: later(30) }), 'lapse');
      mix.lapsed++;
    } else if (r < 0.9) {
      must(transitionRequest(deps, admin, reg.id, { action: 'register', on: later(1) }), 'register');
      must(transitionRequest(deps, admin, reg.id, { action: 'startReview', on: later(2) }), 'review');
      must(
        transitionRequest(deps, admin, reg.id, { action: 'reply', on: later(5 + Math.floor(random() * 25)), outcome: pick(REPLY_OUTCOMES), replyText: '答复' }),
        'reply',
      );
      mix.replied++;
    } else {
      if (random() < 0.5) must(transitionRequest(deps, admin, reg.id, { action: 'register', on: later(1) }), 'register');
      mix.open++;
    }
  }
  const seedRequests = (performance.now() - t0) / 1000;

  // ── records: published 规章 and 行政规范性文件 over 2019–2025, some repealed ───────────────
  const t1 = performance.now();
  for (let i = 0; i < RECORDS; i++) {
    const writtenOn = addDays('2019-01-10', Math.floor((i * 2500) / RECORDS));
    const rec = must(
      createRecord(deps, editor, {
        title: `长安区规范性文件${i + 1}`,
        body: '<p>正文</p>',
        issuingBody: '长安区人民政府办公室',
        docNo: `长政办规〔${writtenOn.slice(0, 4)}〕${i + 1}号`,
        writtenOn,
        domain: 'social-assistance',
        attribute: 'proactive',
        docCategory: i % 10 === 0 ? 'rule' : 'normativeDocument',
      }),
      'record',
    );
    must(transitionRecord(deps, editor, rec.id, { action: 'submit' }), 'submit');
    must(transitionRecord(deps, reviewer, rec.id, { action: 'approve' }), 'approve');
    must(transitionRecord(deps, admin, rec.id, { action: 'publish', publishedOn: addDays(writtenOn, 3) }), 'publish');
    if (i % 7 === 0 && writtenOn < '2025-06-01') must(transitionRecord(deps, reviewer, rec.id, { action: 'repeal', on: addDays(writtenOn, 200) }), 'repeal');
  }
  const seedRecords = (performance.now() - t1) / 1000;

  const zero = { upheld: 0, corrected: 0, other: 0, pending: 0 };
  must(putReviewLitigation(deps, admin, YEAR, { review: { ...zero, upheld: 2 }, litigationDirect: { ...zero, pending: 1 }, litigationAfterReview: zero }), 'section 四');
  must(
    putAnnualReportTexts(deps, admin, YEAR, {
      overview: '总体情况。',
      problems: '存在问题。',
      otherMatters: '无。',
      proactive: { licensingDecisions: 1520, penaltyDecisions: 87, enforcementDecisions: 4, feesTenThousandYuan: 12.5 },
    }),
    'texts',
  );
  node.db.run(sql`pragma synchronous = full`);
  node.db.run(sql`analyze`);
  const rows = node.db.select({ n: count() }).from(infoRequests).get()?.n ?? 0;
  const records = node.db.select({ n: count() }).from(infoRecords).get()?.n ?? 0;
  const rssSeeded = process.memoryUsage().rss;

  // ── the figures ────────────────────────────────────────────────────────────────────────────
  const report = must(annualReport(deps, YEAR), 'report');
  const draft = must(getAnnualReportDraft(deps, YEAR), 'draft');
  if (draft.failedChecks.length) throw new Error(`checks fail: ${JSON.stringify(draft.failedChecks)}`);
  const table = report.requestTable as { newThisYear: { total: number }; carriedOver: { total: number }; resultsTotal: { total: number }; carriedForward: { total: number } };
  let docxBytes = 0;
  let htmlBytes = 0;
  const steps = [
    await time('`annualReport` (request table from all requests, section 二 counted, cross-checks)', () => must(annualReport(deps, YEAR), 'report')),
    await time('`getAnnualReportDraft` (the above + every check of sections 二, 三, 四)', () => must(getAnnualReportDraft(deps, YEAR), 'draft')),
    await time('.docx export (checks + document)', async () => {
      docxBytes = must(await annualReportDocx(deps, YEAR), 'docx').buffer.length;
    }),
    await time('HTML export (checks + page)', () => {
      htmlBytes = must(annualReportHtml(deps, YEAR), 'html').length;
    }),
  ];
  const counted = report.proactive.counted;
  console.log(
    [
      '| figure | value |',
      '|---|---|',
      `| data | ${rows.toLocaleString('en-US')} requests (${mix.replied} replied, ${mix.withdrawn} withdrawn, ${mix.lapsed} lapsed, ${mix.open} open), ${records} published 规章/规范性文件; seeded through the service layer in ${seedRequests.toFixed(1)} s + ${seedRecords.toFixed(1)} s |`,
      `| ${YEAR} table | 本年新收 ${table.newThisYear.total}, 上年结转 ${table.carriedOver.total}, 办理结果 ${table.resultsTotal.total}, 结转下年度 ${table.carriedForward.total}; 规范性文件 制发/废止/现行有效 ${counted.normativeDocuments.issued.count}/${counted.normativeDocuments.repealed.count}/${counted.normativeDocuments.inForce.count} |`,
      ...steps.map((s) => `| ${s.label}, median / max of ${RUNS} | ${s.median.toFixed(0)} ms / ${s.max.toFixed(0)} ms |`),
      `| document sizes | .docx ${Math.round(docxBytes / 1024)} KB, HTML ${Math.round(htmlBytes / 1024)} KB |`,
      `| RSS after seeding / process peak | ${mb(rssSeeded)} / ${mb(peakRss())} |`,
    ].join('\n'),
  );
  await node.stop();
} finally {
  dir.remove();
}

/**
 * The province's annual report: a hub over a fresh database receives the published 2025 reports
 * of every county of the region registry (167; `annual.report` bodies whose tables come from
 * `tallyRequests` over a few thousand generated requests each, so every table balances), projected
 * in one transaction as the ingest does; then `GET /api/v1/reports/annual/2025` (the sums of every
 * table, the included and missing counties, the checks) and one county's report, timed over
 * several runs, with the process's peak RSS.
 *
 *   tsx bench/annual-report.ts [--runs 7] [--requests 3000]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { jetstreamManager } from '@nats-io/jetstream';
import {
  APPLICANT_TYPES,
  OUTCOME_CODES,
  type AnnualReportEventBody,
  type TalliedRequest,
  addDays,
  annualReportEntityId,
  buildReviewLitigationTable,
  generateNodeKeys,
  tallyRequests,
} from '@zwgk/core';
import { counties } from '@zwgk/core/regions';
import { connectNats, streamNames } from '@zwgk/federation';
import { createTestDatabase, testServices, uniqueNatsNames } from '@zwgk/testing';
import pino from 'pino';
import { createHub } from '../src/hub.js';
import { projectAnnualReports } from '../src/services/annual-report.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, requests: { type: 'string', default: '3000' } } });
const RUNS = Number(values.runs);
const PER_COUNTY = Number(values.requests);
const YEAR = 2025;

const { natsUrl } = testServices();
const database = await createTestDatabase();
const names = uniqueNatsNames();
const hub = createHub({ databaseUrl: database.url, natsUrl, names, hubKeys: generateNodeKeys(), logger: pino({ level: 'warn' }) });
const peakRss = () => Math.round((process.resourceUsage().maxRSS * 1024) / 1024 / 1024);

let rand = 5;
const random = () => (rand = (rand * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const int = (n: number) => Math.floor(random() * n);

/** A county's published report with tables that pass every check. */
function countyReport(code: string, n: number): AnnualReportEventBody {
  const requests: TalliedRequest[] = [];
  for (let i = 0; i < n; i++) {
    const receivedOn = addDays('2024-11-15', int(411));
    const closed = random() < 0.92;
    requests.push({
      applicantType: random() < 0.7 ? 'naturalPerson' : APPLICANT_TYPES[1 + int(APPLICANT_TYPES.length - 1)]!,
      receivedOn,
      closedOn: closed ? addDays(receivedOn, 1 + int(40)) : null,
      outcome: closed ? OUTCOME_CODES[int(OUTCOME_CODES.length)]! : null,
    });
  }
  const table = tallyRequests(YEAR, requests);
  if (!table.ok) throw new Error(table.error.message);
  const irf = () => ({ issued: int(20), repealed: int(5), inForce: 20 + int(200) });
  return {
    countyCode: code,
    year: YEAR,
    publishedAt: '2026-03-20T02:00:00.000Z',
    version: 1,
    requestTable: table.value,
    proactive: {
      rules: irf(),
      normativeDocuments: irf(),
      licensingDecisions: int(5000),
      penaltyDecisions: int(800),
      enforcementDecisions: int(50),
      feesTenThousandYuan: int(1_000_000) / 100,
    },
    reviewLitigation: buildReviewLitigationTable({ review: { upheld: int(5), corrected: int(2), pending: int(2) }, litigationDirect: { upheld: int(3) } }),
  } as AnnualReportEventBody;
}

async function time(label: string, fn: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return `| ${label}, median / max of ${RUNS} | ${times[Math.floor(RUNS / 2)]!.toFixed(0)} ms / ${times[RUNS - 1]!.toFixed(0)} ms |`;
}

try {
  await hub.start();
  const all = counties().map((c) => c.code6!);
  const t0 = performance.now();
  const bodies = all.map((code) => countyReport(code, PER_COUNTY));
  const generated = (performance.now() - t0) / 1000;

  const t1 = performance.now();
  await hub.db.db.transaction((tx) =>
    projectAnnualReports(
      tx,
      bodies.map((body) => ({ origin: body.countyCode, entityId: annualReportEntityId(body.countyCode, YEAR), entityVersion: '1', body })),
    ),
  );
  const projected = performance.now() - t1;
  await hub.db.sql`analyze`;

  let bytes = 0;
  let included = 0;
  const province = await time(`GET /api/v1/reports/annual/${YEAR} (sums of ${all.length} county reports, checks)`, async () => {
    const res = await hub.app.request(`/api/v1/reports/annual/${YEAR}`);
    const body = await res.text();
    if (res.status !== 200) throw new Error(`province report answered ${res.status}: ${body.slice(0, 200)}`);
    bytes = body.length;
    included = (JSON.parse(body) as { included: unknown[]; checks: { passes: boolean } }).included.length;
  });
  const county = await time(`GET /api/v1/counties/${all[0]}/reports/annual/${YEAR}`, async () => {
    const res = await hub.app.request(`/api/v1/counties/${all[0]}/reports/annual/${YEAR}`);
    if (res.status !== 200) throw new Error(`county report answered ${res.status}`);
    await res.text();
  });
  const checks = (await (await hub.app.request(`/api/v1/reports/annual/${YEAR}`)).json()) as {
    checks: { passes: boolean };
    requestTable: { newThisYear: { total: number } };
  };
  if (!checks.checks.passes) throw new Error('the province report does not pass its checks');
  console.log(
    [
      '| figure | value |',
      '|---|---|',
      `| data | ${all.length} counties' published ${YEAR} reports (tables from ${PER_COUNTY.toLocaleString('en-US')} generated requests each; province 本年新收 ${checks.requestTable.newThisYear.total.toLocaleString('en-US')}), generated in ${generated.toFixed(1)} s |`,
      `| projecting the ${all.length} \`annual.report\` bodies (one transaction, as ingest does) | ${projected.toFixed(0)} ms |`,
      province,
      `| province report size | ${Math.round(bytes / 1024)} KB JSON, ${included} counties included, checks pass |`,
      county,
      `| process peak RSS | ${peakRss()} MB |`,
    ].join('\n'),
  );
} finally {
  await hub.stop();
  const nc = await connectNats({ url: natsUrl, name: 'bench-cleanup' });
  const jsm = await jetstreamManager(nc);
  for (const s of Object.values(streamNames(names))) await jsm.streams.delete(s).catch(() => {});
  await nc.close();
  await database.drop();
}

/**
 * Province-wide search benchmark (not a test): loads N synthetic published records into a fresh
 * hub database, indexes them with the hub's search indexer (segmentation on a thread per core,
 * the GIN index built once at the end), then prints p50/p95 of `search()` (what
 * GET /api/v1/search runs: page, count and facets) for 2-character, 4-character and multi-word
 * queries and for browsing without a query, with and without filters, beside a plain LIKE / ILIKE
 * scan of the same rows in the same run.
 *
 *   npm run bench:search -w @zwgk/hub                 # 100,000 records
 *   npm run bench:search -w @zwgk/hub -- --records 1000000
 *   options: --records N  --runs N (samples per query, default 5)  --threads N (segmentation threads,
 *            default one per core)  --keep (do not drop the database)  --database NAME (measure the
 *            queries again on a kept database, without loading)
 */
import { cpus } from 'node:os';
import { DOMAINS, counties } from '@zwgk/core';
import { type HubDb, connectHubDb, migrateHubDb } from '@zwgk/db/pg';
import { createTestDatabase, testServices } from '@zwgk/testing';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { SearchIndexer } from '../src/search/indexer.js';
import { search } from '../src/search/query.js';
import { SegmentPool } from '../src/search/segment-pool.js';
import { arrayLiteral } from '../src/search/sql-arrays.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('records', 100_000);
const RUNS = arg('runs', 5);
const THREADS = arg('threads', cpus().length);
const KEEP = process.argv.includes('--keep');

// a small deterministic PRNG (mulberry32), so runs are comparable
let seed = 20_250_301;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const TOPICS: Record<string, string[]> = {
  'social-assistance': ['城乡最低生活保障', '临时救助', '特困人员救助供养', '社会救助', '医疗救助', '低保对象'],
  'land-expropriation-compensation': ['征地补偿', '征地补偿安置方案', '土地征收', '补偿标准', '安置补助费'],
  'disaster-relief': ['自然灾害救助', '救灾物资', '受灾群众', '灾后重建', '救助资金'],
  'employment-entrepreneurship': ['就业创业', '创业担保贷款', '就业困难人员', '职业技能培训', '稳岗补贴'],
  'budgets-final-accounts': ['财政预算', '部门决算', '三公经费', '预算执行', '政府债务'],
  'rural-dilapidated-housing': ['农村危房改造', '危房鉴定', '补助资金', '改造对象'],
  'compulsory-education': ['义务教育', '招生入学', '学区划分', '营养改善计划'],
  'health-care': ['医疗卫生', '家庭医生签约', '基本公共卫生服务', '疫苗接种'],
};
const GENERIC = [
  '根据有关法律法规和上级部署，结合本地实际，现将有关事项公告如下。',
  '各乡镇（街道）、各有关部门要高度重视，加强组织领导，明确责任分工，确保各项工作落到实处。',
  '请广大群众相互转告，如有异议，可在公示期内向有关部门反映。',
  '本通知自印发之日起施行，由县人民政府办公室负责解释。',
  '联系电话以各乡镇公布为准，监督举报电话为12345政务服务便民热线。',
  '进一步提高政务公开标准化规范化水平，保障人民群众知情权、参与权、表达权和监督权。',
];
const DOC_TYPES = ['通知', '公告', '公示', '实施方案', '工作要点', '情况通报', '办法', '报告'];
const ORGS = ['人民政府', '人民政府办公室', '民政局', '财政局', '自然资源和规划局', '人力资源和社会保障局', '应急管理局', '教育局', '卫生健康局'];

const countyList = counties();
const domainCodes = DOMAINS.map((d) => d.code);

function synthetic(i: number) {
  const county = pick(countyList);
  const domain = rand() < 0.6 ? pick(Object.keys(TOPICS)) : pick(domainCodes);
  const topics = TOPICS[domain] ?? [DOMAINS.find((d) => d.code === domain)!.name];
  const topic = pick(topics);
  const title = `${county.name}${pick(ORGS)}关于${topic}${rand() < 0.5 ? '工作' : '有关事项'}的${pick(DOC_TYPES)}`;
  let body = '';
  while (body.length < 600) {
    body += rand() < 0.5 ? `<p>${pick(GENERIC)}</p>` : `<p>做好${pick(topics)}工作，落实${pick(topics)}政策，${pick(GENERIC)}</p>`;
  }
  const day = Math.floor(rand() * 365 * 7);
  const publishedOn = new Date(Date.UTC(2019, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  return {
    id: `bench-${i}`,
    countyCode: county.code6!,
    cityCode: `${county.code6!.slice(0, 4)}00`,
    title,
    body,
    domain,
    publishedOn,
    indexNo: `${county.code6}-${publishedOn.slice(0, 4)}-${String(i).padStart(6, '0')}`,
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;

async function main() {
  // --database NAME measures the queries again on a database a run kept (--keep), without loading
  const reuse = process.argv.includes('--database') ? process.argv[process.argv.indexOf('--database') + 1]! : null;
  const database = reuse
    ? { name: reuse, url: Object.assign(new URL(testServices().databaseUrl), { pathname: `/${reuse}` }).toString(), drop: async () => {} }
    : await createTestDatabase();
  console.log(`database ${database.name}; ${reuse ? 'reused' : `${N.toLocaleString()} records`}, ${RUNS} runs per query`);
  await migrateHubDb(database.url);
  const hub = connectHubDb(database.url, { max: 4, applicationName: 'zwgk-bench-search' });
  const db = hub.db;
  try {
    if (!reuse) await load(db);
    const [size] = await db.execute<{ n: number; idx: string; heap: string; toast: string; tbl: string }>(sql`
      select (select count(*)::int from search_documents) as n,
             pg_size_pretty(pg_relation_size('search_documents_tsv_idx')) as idx,
             pg_size_pretty(pg_relation_size('search_documents')) as heap,
             pg_size_pretty(coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0)) as toast,
             pg_size_pretty(pg_total_relation_size('search_documents')) as tbl
      from pg_class c where c.oid = 'search_documents'::regclass`);
    console.log(`${size!.n.toLocaleString()} documents; GIN index ${size!.idx}; heap ${size!.heap}, TOAST ${size!.toast}; search_documents with indexes ${size!.tbl}\n`);
    await queries(db);
  } finally {
    await hub.close();
    if (KEEP || reuse) console.log(`kept database ${database.name}`);
    else await database.drop();
  }
}

async function load(db: HubDb) {
  {
    let t0 = performance.now();
    const BATCH = 2000;
    for (let start = 0; start < N; start += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, N - start) }, (_, k) => synthetic(start + k));
      const col = (f: (r: (typeof rows)[number]) => string) => sql.param(arrayLiteral(rows.map(f)));
      await db.execute(sql`
        insert into info_records (id, county_code, city_code, version, index_no, title, body, issuing_body, written_on,
          published_on, domain, attribute, label, validity, target_groups, updated_at)
        select u.id, u.county_code, u.city_code, 1, u.index_no, u.title, u.body, '县人民政府', u.published_on,
          u.published_on, u.domain, 'proactive', '此件公开发布', 'valid', '[]'::jsonb, now()
        from unnest(${col((r) => r.id)}::text[], ${col((r) => r.countyCode)}::text[], ${col((r) => r.cityCode)}::text[],
          ${col((r) => r.indexNo)}::text[], ${col((r) => r.title)}::text[], ${col((r) => r.body)}::text[],
          ${col((r) => r.publishedOn)}::date[], ${col((r) => r.domain)}::text[])
          as u(id, county_code, city_code, index_no, title, body, published_on, domain)`);
    }
    console.log(`loaded the projection in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // the hub's own indexer (same SQL, same table and indexes), with segmentation spread over
    // worker threads: one thread caps the load at ≈1,200 records/s
    // a bulk load builds the GIN index once at the end (as a restore would) rather than entry by
    // entry; it is recreated from its own definition, so queries meet the production index
    const [gin] = await db.execute<{ def: string }>(sql`select indexdef as def from pg_indexes where indexname = 'search_documents_tsv_idx'`);
    await db.execute(sql`drop index search_documents_tsv_idx`);
    t0 = performance.now();
    const pool = new SegmentPool(THREADS);
    const indexer = new SearchIndexer({ db, logger: pino({ level: 'silent' }), batchSize: 2000, tokenize: (t) => pool.tokenize(t) });
    let indexed = 0;
    try {
      for (let n = await indexer.runOnce(); n > 0; n = await indexer.runOnce()) {
        indexed += n;
        if (indexed % 100_000 < n) {
          const s = (performance.now() - t0) / 1000;
          console.log(`  ${indexed.toLocaleString()} indexed, ${Math.round(indexed / s)} records/s`);
        }
      }
    } finally {
      await pool.close();
    }
    const secs = (performance.now() - t0) / 1000;
    console.log(`indexed ${indexed.toLocaleString()} records in ${secs.toFixed(1)} s (${Math.round(indexed / secs)} records/s, ${pool.size} segmentation threads)`);
    t0 = performance.now();
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local maintenance_work_mem = '1GB'`);
      await tx.execute(sql.raw(gin!.def));
    });
    console.log(`GIN index built in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${gin!.def}`);
    t0 = performance.now();
    await db.execute(sql`vacuum analyze search_documents`);
    console.log(`vacuum analyze ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}

async function queries(db: HubDb) {
  {

    const groups: { name: string; queries: string[] }[] = [
      { name: '2-char', queries: ['补偿', '救助', '预算', '就业', '医疗'] },
      { name: '4-char', queries: ['社会救助', '征地补偿', '临时救助', '财政预算', '义务教育'] },
      { name: 'multi-word', queries: ['临时 救助', '征地 补偿 标准', '就业 培训', '危房 改造 资金', '预算 执行'] },
      // no query: the portal's latest records and a county column's counts
      { name: 'browse', queries: [''] },
    ];
    const filters: { name: string; params: Record<string, string> }[] = [
      { name: 'no filter', params: {} },
      { name: 'city', params: { region: '130600' } },
      { name: 'domain+from', params: { domain: 'social-assistance', from: '2024-01-01' } },
    ];
    const stat = (xs: number[], p: number) => (xs.length ? fmt(pct(xs, p)) : '–');
    const rowsOut: string[][] = [['query', 'filter', 'search p50', 'search p95', 'relevance p95', 'LIKE p50', 'LIKE p95', 'ILIKE p50', 'ILIKE p95', 'hits']];
    for (const g of groups) {
      for (const f of filters) {
        const s: number[] = [];
        const rel: number[] = [];
        const like: number[] = [];
        const ilike: number[] = [];
        let hits = '';
        for (let run = 0; run < RUNS; run++) {
          for (const q of g.queries) {
            let t = performance.now();
            const r = await search(db, { q, ...f.params });
            s.push(performance.now() - t);
            if (!r.ok) throw new Error(JSON.stringify(r.error));
            if (run === 0 && q === g.queries[0]) hits = `${r.value.total.toLocaleString('en')}${r.value.totalExact ? '' : ' (est.)'}`;
            if (!q) continue;
            t = performance.now();
            await search(db, { q, sort: 'relevance', ...f.params });
            rel.push(performance.now() - t);
            // the naive baseline: every part as a substring of title or body, newest first
            const parts = q.split(' ');
            const conds = (op: 'like' | 'ilike') =>
              sql.join(
                [
                  ...parts.map((p) => sql`(title ${sql.raw(op)} ${`%${p}%`} or body ${sql.raw(op)} ${`%${p}%`})`),
                  ...(f.params.region ? [sql`city_code = ${f.params.region}`] : []),
                  ...(f.params.domain ? [sql`domain = ${f.params.domain}`, sql`published_on >= ${f.params.from!}::date`] : []),
                ],
                sql` and `,
              );
            for (const [op, out] of [['like', like], ['ilike', ilike]] as const) {
              t = performance.now();
              await db.execute(sql`select id, title from info_records where ${conds(op)} order by published_on desc limit 20`);
              out.push(performance.now() - t);
            }
          }
        }
        rowsOut.push([
          g.name,
          f.name,
          fmt(pct(s, 50)),
          fmt(pct(s, 95)),
          stat(rel, 95),
          stat(like, 50),
          stat(like, 95),
          stat(ilike, 50),
          stat(ilike, 95),
          hits,
        ]);
      }
    }
    const widths = rowsOut[0]!.map((_, i) => Math.max(...rowsOut.map((r) => r[i]!.length)));
    for (const r of rowsOut) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join(' | '));
    console.log(
      '\n"hits" is the first query of each group ("est." = estimated from a sample); search = page, count and facets as GET /api/v1/search runs them.',
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

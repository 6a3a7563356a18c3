/**
 * Catalog import from Excel: a generated county workbook of N rows (default 2,000) in the standard
 * layout, as counties fill it in (title row, 一级事项 merged over its items, channels ticked with
 * ■/□, 「同上」), posted to POST /api/v1/catalog/import on a county node over a fresh SQLite file;
 * then the export of the same catalog. Time and peak RSS are measured in a child process that does
 * nothing else, so the workbook generation does not count.
 *
 *   tsx bench/import.ts [--rows 2000]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DOMAINS } from '@zwgk/core';
import { catalogItems } from '@zwgk/db/sqlite';
import { tempDir } from '@zwgk/testing';
import { count } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { initNode } from '../src/commands.js';
import { createCountyNode } from '../src/node.js';
import { createUser } from '../src/services/accounts.js';
import { XLSX_MIME, readWorkbook } from '../src/services/catalog-io.js';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '2000' }, child: { type: 'string' } },
});

const HEADER = ['序号', '一级事项', '二级事项', '公开内容（要素）', '公开依据', '公开时限', '公开主体', '公开渠道和载体', '公开对象', '公开方式', '公开层级', '所属领域'];
const TICKS = [
  '■政府网站 □政府公报 □两微一端 □发布会/听证会 □广播电视 □纸质媒体 ■公开查阅点 ■政务服务中心 □便民服务站 □入户/现场 □社区/企事业单位/村公示栏（电子屏） □精准推送 □其他',
  '政府网站、政务服务中心、公示栏',
  '1.政府网站; 2.其他',
  '同上',
];
const LIMITS = ['信息形成或变更之日起20个工作日内', '自信息形成或者变更之日起20个工作日内予以公开', '实时公开', '半年至少更新1次', '同上'];

async function generate(rows: number, file: string): Promise<number> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('基层政务公开标准目录');
  ws.addRow(['长安区基层政务公开标准目录']);
  ws.mergeCells(1, 1, 1, HEADER.length);
  ws.addRow(HEADER);
  for (let i = 0; i < rows; i++) {
    const domain = DOMAINS[Math.floor((i * DOMAINS.length) / rows)]!;
    const group = Math.floor(i / 8);
    ws.addRow([
      i + 1,
      i % 8 === 0 ? `第${group + 1}类事项` : null, // merged below
      `${domain.name}事项${i + 1}`,
      '事项名称、事项简述、办理材料、办理方式、办理时限、结果送达、收费依据及标准、办事时间、办理机构及地点、咨询查询途径、监督投诉渠道',
      i % 8 === 0 ? '《中华人民共和国政府信息公开条例》、《社会救助暂行办法》、《河北省社会救助实施办法》' : '同上',
      i % 8 === 0 ? LIMITS[0] : LIMITS[i % LIMITS.length],
      '县民政局',
      i % 8 === 0 ? TICKS[0] : TICKS[i % TICKS.length],
      i % 5 === 0 ? '特定群体（申请人）' : '全社会',
      i % 7 === 0 ? '依申请公开' : '主动',
      '县级',
      domain.name,
    ]);
    if (i % 8 === 7) ws.mergeCells(3 + i - 7, 2, 3 + i, 2);
  }
  const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  writeFileSync(file, bytes);
  return bytes.length;
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

async function child(file: string): Promise<void> {
  const dir = tempDir('zwgk-bench-');
  try {
    const init = initNode({ county: '130102', dataDir: dir.path });
    if (!init.ok) throw new Error(init.error.message);
    const node = createCountyNode({ natsUrl: 'nats://127.0.0.1:1', logger: pino({ level: 'silent' }), dataDir: dir.path });
    const user = await createUser(node.services, { username: 'editor', password: 'bench password 1', role: 'county_editor' }, 'system');
    if (!user.ok) throw new Error(user.error.message);
    const login = await node.app.request('/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'editor', password: 'bench password 1' }),
    });
    const { token } = (await login.json()) as { token: string };
    const bytes = readFileSync(file);
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    const maxBefore = process.resourceUsage().maxRSS;

    // reading alone (unzip, XML, grid), to see where the time goes
    let t0 = performance.now();
    const read = await readWorkbook(new Uint8Array(bytes));
    if (!read.ok) throw new Error(read.error.message);
    const readMs = performance.now() - t0;
    global.gc?.();

    const form = new FormData();
    form.append('file', new File([bytes], 'catalog.xlsx', { type: XLSX_MIME }));
    t0 = performance.now();
    const res = await node.app.request('/api/v1/catalog/import', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    const importMs = performance.now() - t0;
    const answer = (await res.json()) as { imported?: number; errors?: unknown[]; error?: unknown };
    if (res.status !== 200) throw new Error(`import: ${res.status} ${JSON.stringify(answer).slice(0, 500)}`);
    const maxAfterImport = process.resourceUsage().maxRSS;

    t0 = performance.now();
    const exported = await node.app.request('/api/v1/catalog/export.xlsx', { headers: { authorization: `Bearer ${token}` } });
    const exportBytes = (await exported.arrayBuffer()).byteLength;
    const exportMs = performance.now() - t0;
    const items = node.db.select({ n: count() }).from(catalogItems).get()?.n ?? 0;
    await node.stop();
    console.log(
      JSON.stringify({
        imported: answer.imported,
        errors: answer.errors?.length,
        items,
        readMs,
        importMs,
        exportMs,
        exportBytes,
        baselineRssKb: Math.round(baseline / 1024),
        maxRssBeforeKb: maxBefore,
        maxRssAfterImportKb: maxAfterImport,
        maxRssEndKb: process.resourceUsage().maxRSS,
      }),
    );
  } finally {
    dir.remove();
  }
}

async function main(): Promise<void> {
  if (values.child) return child(values.child);
  const rows = Number(values.rows);
  const dir = tempDir('zwgk-bench-xlsx-');
  try {
    const file = join(dir.path, 'catalog.xlsx');
    const size = await generate(rows, file);
    const self = fileURLToPath(import.meta.url);
    const run = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', self, '--child', file], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr || run.stdout);
    const r = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, number>;
    console.log(`catalog import, ${rows} rows (${(size / 1024).toFixed(0)} KB .xlsx, one sheet, merged 一级事项, ticks, 同上)`);
    console.log('');
    console.log('| step | time | peak RSS |');
    console.log('|---|---|---|');
    console.log(`| node ready, workbook in memory | | ${mb(r.maxRssBeforeKb!)} (RSS now ${mb(r.baselineRssKb!)}) |`);
    console.log(`| read workbook only (exceljs load + grid) | ${r.readMs!.toFixed(0)} ms | |`);
    console.log(
      `| POST /api/v1/catalog/import (read, normalise, validate, ${r.imported} drafts with audit + signed outbox, one transaction) | ${r.importMs!.toFixed(0)} ms | ${mb(r.maxRssAfterImportKb!)} |`,
    );
    console.log(`| GET /api/v1/catalog/export.xlsx (${r.items} items, ${(r.exportBytes! / 1024).toFixed(0)} KB) | ${r.exportMs!.toFixed(0)} ms | ${mb(r.maxRssEndKb!)} |`);
    console.log('');
    console.log(`rows imported: ${r.imported}, errors: ${r.errors}, items in the database: ${r.items}`);
  } finally {
    dir.remove();
  }
}

await main();

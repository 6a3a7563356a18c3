import { type NodeKeys, normaliseSheet } from '@zwgk/core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XLSX_MIME } from '../src/services/catalog-export.js';
import {
  type TestHub,
  addUser,
  catalogItem,
  deleteEvent,
  enrollCounty,
  login,
  publish,
  request,
  startTestHub,
  upsertEvent,
  waitDrained,
} from './helpers.js';

/** 长安区 (石家庄市): reviewed by 石家庄's city reviewers. */
const COUNTY = '130102';

let t: TestHub;
let keys: NodeKeys;
let admin: string;
let sjz: string;
let ts: string;

beforeAll(async () => {
  t = await startTestHub();
  await addUser(t, 'province', 'province_admin');
  await addUser(t, 'sjz', 'city_reviewer', '130100');
  await addUser(t, 'ts', 'city_reviewer', '130200');
  [admin, sjz, ts] = await Promise.all([login(t, 'province'), login(t, 'sjz'), login(t, 'ts')]);
  keys = await enrollCounty(t, COUNTY);
  const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s)).toISOString();
  const events = [
    catalogItem(COUNTY, 'x-1', 1, { name: '低保政策文件', category: '最低生活保障', createdAt: at(1) }),
    catalogItem(COUNTY, 'x-2', 1, { name: '低保对象名单', category: '最低生活保障', createdAt: at(2), channels: ['website', 'hotline-12345'] }),
    catalogItem(COUNTY, 'x-3', 1, { name: '养老机构名录', domain: 'elderly-care', createdAt: at(3) }),
    catalogItem(COUNTY, 'x-4', 1, { name: '待审核事项', status: 'submitted', createdAt: at(4) }),
    catalogItem(COUNTY, 'x-5', 1, { name: '草稿事项', status: 'draft', createdAt: at(5) }),
    catalogItem(COUNTY, 'x-6', 1, { name: '已删除事项', createdAt: at(6) }),
  ];
  let seq = 0;
  for (const item of events) await publish(t, upsertEvent(keys, ++seq, item));
  await publish(t, deleteEvent(keys, ++seq, COUNTY, 'x-6', 2));
  await waitDrained(t);
});

afterAll(async () => {
  await t?.close();
});

async function download(path: string, token?: string): Promise<{ res: Response; names: string[]; title: unknown }> {
  const res = await request(t, 'GET', path, token ? { token } : {});
  if (res.status !== 200) return { res, names: [], title: null };
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0]!;
  const grid: (string | null)[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row: (string | null)[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const cell = ws.getCell(r, c);
      const v = (cell.isMerged ? cell.master : cell).value;
      row.push(v === null || v === undefined ? null : String(v));
    }
    grid.push(row);
  }
  // the download reads back as a catalog through the same normaliser a county import uses
  const sheet = normaliseSheet(grid);
  expect(sheet.rows.every((r) => r.problems.length === 0)).toBe(true);
  return { res, names: sheet.rows.map((r) => r.item!.name), title: ws.getCell('A1').value };
}

describe('GET /api/v1/counties/{code}/catalog.xlsx', () => {
  it('gives the public the published catalog in the standard layout', async () => {
    const { res, names, title } = await download(`/api/v1/counties/${COUNTY}/catalog.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX_MIME);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('长安区基层政务公开标准目录.xlsx'));
    expect(title).toBe('长安区基层政务公开标准目录');
    // 社会救助 (domain 20) before 养老服务 (21); drafts, items under review and deleted items are not public
    expect(names).toEqual(['低保政策文件', '低保对象名单', '养老机构名录']);
  });

  it('gives a province admin and the county’s city reviewer every item that is not deleted', async () => {
    for (const token of [admin, sjz]) {
      const { res, names } = await download(`/api/v1/counties/${COUNTY}/catalog.xlsx`, token);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('（含未发布事项）'));
      // within a domain, items without a 一级事项 come first, then each 一级事项's items together
      expect(names).toEqual(['待审核事项', '草稿事项', '低保政策文件', '低保对象名单', '养老机构名录']);
    }
    const published = await download(`/api/v1/counties/${COUNTY}/catalog.xlsx?scope=published`, admin);
    expect(published.names).toEqual(['低保政策文件', '低保对象名单', '养老机构名录']);
  });

  it('gives another city’s reviewer and the public only the published catalog', async () => {
    expect((await download(`/api/v1/counties/${COUNTY}/catalog.xlsx`, ts)).names).toEqual(['低保政策文件', '低保对象名单', '养老机构名录']);
    expect((await request(t, 'GET', `/api/v1/counties/${COUNTY}/catalog.xlsx?scope=all`, { token: ts })).status).toBe(403);
    expect((await request(t, 'GET', `/api/v1/counties/${COUNTY}/catalog.xlsx?scope=all`)).status).toBe(401);
  });

  it('answers 404 for a code that is not a county and 400 for a malformed one', async () => {
    expect((await request(t, 'GET', '/api/v1/counties/139999/catalog.xlsx')).status).toBe(404);
    expect((await request(t, 'GET', '/api/v1/counties/abc/catalog.xlsx')).status).toBe(400);
    expect((await request(t, 'GET', `/api/v1/counties/${COUNTY}/catalog.xlsx?scope=x`)).status).toBe(400);
  });

  it('gives an empty table for a county with no items', async () => {
    const { res, names } = await download('/api/v1/counties/130104/catalog.xlsx');
    expect(res.status).toBe(200);
    expect(names).toEqual([]);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await request(t, 'GET', '/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(doc.paths['/api/v1/counties/{code}/catalog.xlsx']?.get).toBeDefined();
  });
});

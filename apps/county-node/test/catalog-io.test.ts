import { readFileSync } from 'node:fs';
import { CHANNEL_CODES, type CatalogItemInput } from '@zwgk/core';
import { townshipsOf } from '@zwgk/core/regions';
import { catalogItems } from '@zwgk/db/sqlite';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XLSX_MIME } from '../src/services/catalog-io.js';
import { COUNTY, type TestNode, checkOutbox, createTestNode, rowCounts, sampleItem } from './fixtures.js';

const FIXTURE = new URL('./fixtures/county-catalog.xlsx', import.meta.url);
const TOWNSHIPS = townshipsOf(COUNTY);
const townshipCode = (name: string) => TOWNSHIPS.find((t) => t.name === name)!.code;

interface Issue {
  sheet: string;
  row: number;
  column: string;
  message: string;
  value: string;
}
interface ImportAnswer {
  imported: number;
  errors: Issue[];
  warnings: Issue[];
  created: { sheet: string; row: number; id: string }[];
}
interface ErrorAnswer {
  error: { code: string; message: string; details: { imported: number; errors: Issue[]; warnings: Issue[] } };
}

type Cell = string | number | null;
interface SheetSpec {
  name: string;
  rows: Cell[][];
  merges?: string[];
}

/** A workbook as a county office would make it in Excel. */
async function workbook(...sheets: SheetSpec[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
    for (const m of s.merges ?? []) ws.mergeCells(m);
  }
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

function upload(t: TestNode, token: string | null, bytes: Uint8Array, query = '', fileName = '目录.xlsx'): Promise<Response> {
  const form = new FormData();
  form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], fileName, { type: XLSX_MIME }));
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return Promise.resolve(t.node.app.request(`/api/v1/catalog/import${query}`, { method: 'POST', headers, body: form }));
}

const HEADER = ['序号', '一级事项', '二级事项', '公开内容（要素）', '公开依据', '公开时限', '公开主体', '公开渠道和载体', '公开对象', '公开方式', '公开层级'];
const good = (no: number, name: string, over: Partial<Record<number, Cell>> = {}): Cell[] => {
  const row: Cell[] = [
    no,
    '最低生活保障',
    name,
    `${name}：对象、标准、程序`,
    '《社会救助暂行办法》',
    '信息形成或变更之日起20个工作日内',
    '县民政局',
    '■政府网站 □政府公报 ■社区/企事业单位/村公示栏',
    '全社会',
    '主动公开',
    '县级',
  ];
  for (const [i, v] of Object.entries(over)) row[Number(i)] = v ?? null;
  return row;
};

/** A 社会救助 sheet whose rows 4, 6 and 8 are wrong, each in its own way. */
const withThreeBadRows = () =>
  workbook({
    name: '社会救助',
    rows: [
      ['长安区社会救助领域基层政务公开标准目录'],
      HEADER,
      good(1, '低保政策文件'),
      good(2, '低保审核结果', { 10: '州级' }), // row 4: not a catalog level
      good(3, '低保办事指南'),
      good(4, '低保资金发放', { 4: null }), // row 6: no legal basis
      good(5, '低保对象名单'),
      good(6, '低保监督渠道', { 7: '□政府网站 □政府公报' }), // row 8: nothing ticked
      good(7, '低保标准调整'),
    ],
    merges: ['A1:K1'],
  });

let t: TestNode;
let editor: string;
let admin: string;
let reviewer: string;

beforeAll(async () => {
  t = await createTestNode();
  editor = await t.tokenFor('editor');
  admin = await t.tokenFor('admin');
  reviewer = await t.tokenFor('reviewer');
});
afterAll(() => t.close());

const items = () => t.node.db.select().from(catalogItems).all();

describe('POST /api/v1/catalog/import', () => {
  it('imports a county workbook: title rows, two-row header, merged 一级事项, ticks and mixed separators, one sheet per domain', async () => {
    const before = rowCounts(t.node.db);
    const res = await upload(t, editor, readFileSync(FIXTURE));
    const body = (await res.json()) as ImportAnswer;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.errors).toEqual([]);
    expect(body.imported).toBe(8);
    expect(body.created.map((c) => `${c.sheet}:${c.row}`)).toEqual([
      '社会救助:5',
      '社会救助:6',
      '社会救助:7',
      '社会救助:8',
      '社会救助:9',
      '就业创业:2',
      '就业创业:3',
      '就业创业:4',
    ]);
    expect(body.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sheet: '社会救助', row: 6, column: '公开层级：县级', message: expect.stringContaining('按县级事项导入') }),
        expect.objectContaining({ sheet: '社会救助', row: 10, message: '未作为事项导入（注释行）' }),
        expect.objectContaining({ sheet: '就业创业', row: 2, column: '公开层级', message: expect.stringContaining('按县级事项导入') }),
        expect.objectContaining({ sheet: '说明', message: '不是事项目录表，已跳过' }),
      ]),
    );

    // one item, one version, one audit row and one outbox event each, and one audit row for the import
    const after = rowCounts(t.node.db);
    expect(after.items - before.items).toBe(8);
    expect(after.outbox - before.outbox).toBe(8);
    expect(after.audit - before.audit).toBe(9);
    checkOutbox(t.node);

    const byId = new Map(items().map((i) => [i.id, i]));
    const got = body.created.map((c) => byId.get(c.id)!);
    expect(got.every((i) => i.status === 'draft' && i.createdBy === 'editor' && i.version === 1)).toBe(true);
    expect(got.map((i) => [i.domain, i.category, i.name])).toEqual([
      ['social-assistance', '临时救助', '政策法规文件'],
      ['social-assistance', '临时救助', '办事指南'],
      ['social-assistance', '临时救助', '救助对象名单'],
      ['social-assistance', '特困人员救助供养', '政策法规文件'],
      ['social-assistance', '特困人员救助供养', '供养标准'],
      ['employment-entrepreneurship', '就业信息服务', '就业政策法规咨询'],
      ['employment-entrepreneurship', '就业信息服务', '岗位信息发布'],
      ['employment-entrepreneurship', '创业服务', '创业担保贷款申请'],
    ]);
    expect(got.map((i) => i.channels)).toEqual([
      ['website', 'reading-point', 'service-center'],
      ['website', 'service-center', 'bulletin-board'],
      ['website', 'bulletin-board', 'targeted-push', 'hotline-12345'],
      ['website', 'new-media'],
      ['website', 'reading-point', 'service-center'],
      ['website', 'other'],
      ['website', 'new-media', 'service-station'],
      ['service-station', 'bulletin-board'],
    ]);
    expect(got.map((i) => [i.audience, i.audienceNote, i.method, i.level, i.townshipCode])).toEqual([
      ['public', null, 'proactive', 'county', null],
      ['public', null, 'proactive', 'county', null],
      ['specific', '申请人及其家庭', 'onRequest', 'county', null],
      ['public', null, 'proactive', 'county', null],
      ['public', null, 'proactive', 'county', null],
      ['public', null, 'proactive', 'county', null],
      ['public', null, 'proactive', 'county', null],
      ['specific', '创业人员', 'onRequest', 'township', townshipCode('西兆通镇')],
    ]);
    // 「同上」 carries the legal basis of the row above
    expect(got[1]!.legalBasis).toBe('《社会救助暂行办法》、《政府信息公开条例》');
    expect(got[4]!.legalBasis).toBe('《社会救助暂行办法》');
    expect(got.map((i) => i.timeLimit)).toEqual([
      '制定或获取信息之日起10个工作日内',
      '信息形成或者变更之日起20个工作日内',
      '信息形成或变更之日起20个工作日内',
      '实时公开',
      '半年至少更新1次',
      '公开事项信息形成或变更之日起20个工作日内公开',
      '实时更新',
      '信息形成之日起20个工作日内',
    ]);
  });

  it('rejects a sheet with 3 bad rows whole, reporting exactly those rows, and writes nothing', async () => {
    const before = rowCounts(t.node.db);
    const res = await upload(t, editor, await withThreeBadRows(), '?mode=all');
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorAnswer;
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toContain('有 3 行不符合要求');
    expect(body.error.details.imported).toBe(0);
    expect(body.error.details.errors).toEqual([
      { sheet: '社会救助', row: 4, column: '公开层级', message: '公开层级应为县级或乡级，无法识别：州级', value: '州级' },
      { sheet: '社会救助', row: 6, column: '公开依据', message: '公开依据不能为空', value: '' },
      { sheet: '社会救助', row: 8, column: '公开渠道和载体', message: '没有勾选或写明任何公开渠道', value: '□政府网站 □政府公报' },
    ]);
    expect(rowCounts(t.node.db)).toEqual(before);
  });

  it('is the same without ?mode: all is the default', async () => {
    const before = rowCounts(t.node.db);
    const res = await upload(t, editor, await withThreeBadRows());
    expect(res.status).toBe(400);
    expect(rowCounts(t.node.db)).toEqual(before);
  });

  it('with mode=valid imports the valid rows in one go and reports the others', async () => {
    const before = rowCounts(t.node.db);
    const res = await upload(t, editor, await withThreeBadRows(), '?mode=valid');
    expect(res.status).toBe(200);
    const body = (await res.json()) as ImportAnswer;
    expect(body.imported).toBe(4);
    expect(body.created.map((c) => c.row)).toEqual([3, 5, 7, 9]);
    expect(body.errors.map((e) => e.row)).toEqual([4, 6, 8]);
    const after = rowCounts(t.node.db);
    expect(after).toEqual({ items: before.items + 4, outbox: before.outbox + 4, audit: before.audit + 5 });
    checkOutbox(t.node);
  });

  it('writes all or nothing: a failure while saving row 3 takes back rows 1 and 2', async () => {
    const db = t.node.db.$client;
    db.exec(`create trigger fail_third before insert on catalog_items when new.name = '第三行' begin select raise(abort, 'disk full'); end`);
    try {
      const before = rowCounts(t.node.db);
      const bytes = await workbook({ name: '社会救助', rows: [HEADER, good(1, '第一行'), good(2, '第二行'), good(3, '第三行'), good(4, '第四行')] });
      const res = await upload(t, editor, bytes, '?mode=valid');
      expect(res.status).toBe(500);
      expect(rowCounts(t.node.db)).toEqual(before);
      expect(db.inTransaction).toBe(false);
    } finally {
      db.exec('drop trigger fail_third');
    }
  });

  it('takes the domain from ?domain= when the workbook names none', async () => {
    const bytes = await workbook({ name: 'Sheet1', rows: [HEADER, good(1, '养老机构名录')] });
    const without = await upload(t, editor, bytes);
    expect(without.status).toBe(400);
    expect(((await without.json()) as ErrorAnswer).error.details.errors[0]).toMatchObject({
      row: 2,
      column: '所属领域',
      message: expect.stringContaining('无法确定所属领域'),
    });
    const res = await upload(t, editor, bytes, `?domain=${encodeURIComponent('养老服务')}`);
    expect(res.status).toBe(200);
    const { created } = (await res.json()) as ImportAnswer;
    expect(items().find((i) => i.id === created[0]!.id)?.domain).toBe('elderly-care');
    const bad = await upload(t, editor, bytes, '?domain=nonsense');
    expect(bad.status).toBe(400);
  });

  it('refuses what is not an .xlsx workbook, by content, whatever its name', async () => {
    const before = rowCounts(t.node.db);
    const cases: [Uint8Array, RegExp][] = [
      [new TextEncoder().encode('序号,二级事项\n1,低保'), /不是 \.xlsx 格式/],
      [new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), /旧版 Excel（\.xls）/],
      [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]), /已损坏/],
      [new Uint8Array(0), /空的/],
    ];
    for (const [bytes, message] of cases) {
      const res = await upload(t, editor, bytes, '', 'catalog.xlsx');
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorAnswer;
      expect(body.error.code).toBe('bad_request');
      expect(body.error.message).toMatch(message);
    }
    // a zip that is not a workbook (e.g. a .docx renamed)
    const zip = await (async () => {
      const wb = await workbook({ name: 'x', rows: [['x']] });
      // corrupt the name of xl/workbook.xml in the central directory and the local header
      const s = Buffer.from(wb);
      let at = s.indexOf('xl/workbook.xml');
      while (at >= 0) {
        s.write('xl/workbook.xmX', at);
        at = s.indexOf('xl/workbook.xml', at + 1);
      }
      return new Uint8Array(s);
    })();
    const notWorkbook = await upload(t, editor, zip);
    expect(notWorkbook.status).toBe(400);
    expect(((await notWorkbook.json()) as ErrorAnswer).error.message).toMatch(/没有 Excel 工作簿/);
    expect(rowCounts(t.node.db)).toEqual(before);
  });

  it('needs a file, a writer and a body within 10 MB', async () => {
    const noFile = await t.node.app.request('/api/v1/catalog/import', {
      method: 'POST',
      headers: { authorization: `Bearer ${editor}` },
      body: (() => {
        const f = new FormData();
        f.append('other', 'x');
        return f;
      })(),
    });
    expect(noFile.status).toBe(400);
    expect(((await noFile.json()) as ErrorAnswer).error.message).toMatch(/字段 file/);

    const json = await t.req('POST', '/api/v1/catalog/import', { token: editor, body: { rows: [] } });
    expect(json.status).toBe(400);

    const bytes = readFileSync(FIXTURE);
    expect((await upload(t, null, bytes)).status).toBe(401);
    expect((await upload(t, reviewer, bytes)).status).toBe(403);

    const huge = new Uint8Array(11 * 1024 * 1024);
    huge.set([0x50, 0x4b, 0x03, 0x04]);
    const tooBig = await upload(t, editor, huge);
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as ErrorAnswer).error.message).toMatch(/10 MB/);

    // the raw body works too, for scripts
    const raw = await t.node.app.request('/api/v1/catalog/import?mode=valid', {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': XLSX_MIME },
      body: await withThreeBadRows(),
    });
    expect(raw.status).toBe(200);
    expect(((await raw.json()) as ImportAnswer).imported).toBe(4);
  });

  it('reports an exact duplicate row instead of importing it twice', async () => {
    const bytes = await workbook({ name: '社会救助', rows: [HEADER, good(1, '重复事项'), good(2, '重复事项')] });
    const res = await upload(t, editor, bytes);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorAnswer).error.details.errors).toEqual([
      { sheet: '社会救助', row: 3, column: '', message: '与工作表「社会救助」第2行完全相同', value: '重复事项' },
    ]);
  });

  it('says so when no sheet is a catalog', async () => {
    const res = await upload(t, editor, await workbook({ name: '说明', rows: [['本表为说明'], ['无']] }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorAnswer;
    expect(body.error.message).toMatch(/没有事项目录表/);
    expect(body.error.details.errors[0]).toMatchObject({ sheet: '说明', row: 0, message: expect.stringMatching(/^找不到表头/) });
  });
});

describe('GET /api/v1/catalog/export.xlsx', () => {
  it('exports the standard layout, which imports back into the same catalog', async () => {
    const source = await createTestNode();
    const target = await createTestNode();
    try {
      const token = await source.tokenFor('editor');
      const town = TOWNSHIPS[3]!;
      const inputs: Record<string, unknown>[] = [
        sampleItem({ category: '最低生活保障', name: '低保政策文件' }),
        sampleItem({ domain: 'elderly-care', category: '养老机构', name: '养老机构名录', channels: [...CHANNEL_CODES] }),
        sampleItem({
          category: '最低生活保障',
          name: '低保对象名单',
          audience: 'specific',
          audienceNote: '低保对象本人',
          method: 'onRequest',
          timeLimit: '半年至少更新1次',
        }),
        sampleItem({ category: null, name: '救助热线', channels: ['hotline-12345', 'targeted-push'] }),
        sampleItem({
          level: 'township',
          townshipCode: town.code,
          category: '乡镇救助',
          name: '乡镇临时救助名单',
          responsibleBody: `${town.name}人民政府`,
          content: '救助对象、救助金额\n救助事由',
          legalBasis: '《社会救助暂行办法》第四十七条',
        }),
        sampleItem({ domain: 'compulsory-education', category: '招生', name: '招生范围', channels: ['website', 'print-media', 'on-site'] }),
      ];
      for (const body of inputs) {
        const res = await source.req('POST', '/api/v1/catalog/items', { token, body });
        expect(res.status, await res.clone().text()).toBe(201);
      }

      expect((await source.node.app.request('/api/v1/catalog/export.xlsx')).status).toBe(401);
      const res = await source.node.app.request('/api/v1/catalog/export.xlsx', {
        headers: { authorization: `Bearer ${await source.tokenFor('reviewer')}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(XLSX_MIME);
      expect(res.headers.get('content-disposition')).toContain(
        `filename*=UTF-8''${encodeURIComponent('长安区基层政务公开标准目录.xlsx')}`,
      );
      const bytes = new Uint8Array(await res.arrayBuffer());

      // the layout: title, header, frozen header, widths, wrapped text, 一级事项 merged
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
      expect(wb.worksheets).toHaveLength(1);
      const ws = wb.worksheets[0]!;
      expect(ws.getCell('A1').value).toBe('长安区基层政务公开标准目录');
      expect(ws.getCell('K1').isMerged).toBe(true);
      expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([
        '序号',
        '一级事项',
        '二级事项',
        '公开内容（要素）',
        '公开依据',
        '公开时限',
        '公开主体',
        '公开渠道和载体',
        '公开对象',
        '公开方式',
        '公开层级',
        '乡镇（街道）',
        '所属领域',
      ]);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
      expect(ws.getColumn(4).width).toBeGreaterThanOrEqual(40);
      expect(ws.getCell('D3').alignment?.wrapText).toBe(true);
      expect(ws.rowCount).toBe(2 + inputs.length);
      // domains in the seed's order: 社会救助 (20) before 养老服务 (21) before 义务教育 (24);
      // within 社会救助 the item without 一级事项 first, then 最低生活保障's two together
      expect([3, 4, 5, 6, 7, 8].map((r) => ws.getCell(`C${r}`).value)).toEqual([
        '救助热线',
        '低保政策文件',
        '低保对象名单',
        '乡镇临时救助名单',
        '养老机构名录',
        '招生范围',
      ]);
      expect(ws.getCell('B5').isMerged && ws.getCell('B5').master.address).toBe('B4');
      expect(ws.getCell('H3').value).toBe('12345热线、精准推送');
      expect(ws.getCell('I5').value).toBe('特定群体（低保对象本人）');
      expect(ws.getCell('L6').value).toBe(town.name);

      // and back in, into another county node of the same county
      const imported = await upload(target, await target.tokenFor('editor'), bytes);
      const answer = (await imported.json()) as ImportAnswer;
      expect(imported.status, JSON.stringify(answer)).toBe(200);
      expect(answer.imported).toBe(inputs.length);
      expect(answer.warnings).toEqual([]);
      const elements = (node: TestNode) =>
        node.node.db
          .select()
          .from(catalogItems)
          .all()
          .map((i): Omit<CatalogItemInput, 'standardItemId' | 'nextReviewOn'> => ({
            domain: i.domain as CatalogItemInput['domain'],
            level: i.level as CatalogItemInput['level'],
            townshipCode: i.townshipCode,
            category: i.category,
            name: i.name,
            content: i.content,
            legalBasis: i.legalBasis,
            timeLimit: i.timeLimit,
            responsibleBody: i.responsibleBody,
            method: i.method as CatalogItemInput['method'],
            channels: i.channels as CatalogItemInput['channels'],
            audience: i.audience as CatalogItemInput['audience'],
            audienceNote: i.audienceNote,
          }))
          .sort((a, b) => a.name.localeCompare(b.name));
      expect(elements(target)).toEqual(elements(source));
    } finally {
      await source.close();
      await target.close();
    }
  });
});

describe('OpenAPI', () => {
  it('lists the import and export routes', async () => {
    const doc = (await (await t.req('GET', '/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string }[]; responses: Record<string, unknown> }>>;
    };
    expect(doc.paths['/api/v1/catalog/export.xlsx']?.get).toBeDefined();
    const post = doc.paths['/api/v1/catalog/import']?.post;
    expect(post?.parameters?.map((p) => p.name)).toEqual(['mode', 'domain']);
    expect(Object.keys(post?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '413']));
  });
});

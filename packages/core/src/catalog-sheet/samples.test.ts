/**
 * The rows of real county catalogs in fixtures/ (see fixtures/SOURCES.md) read through the sheet
 * normaliser as a county's import would: every row must come out as a valid catalog item, and a
 * hand-checked subset must read exactly as a person reads it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogScope, validateCatalogItem } from '../catalog.js';
import { parseChannels } from './channels.js';
import { type NormalisedSheet, normaliseSheet } from './sheet.js';
import { parseTimeLimit } from './time-limit.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (ch !== '\r') cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

const FILES = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.csv'))
  .sort();

interface Sample {
  file: string;
  records: Record<string, string>[];
  sheet: NormalisedSheet;
}

const STANDARD_HEADER = ['领域', '一级事项', '二级事项', '公开内容（要素）', '公开依据', '公开时限', '公开主体', '公开渠道和载体', '公开对象', '公开方式', '公开层级'];
const COLUMNS = ['domain', 'item_l1', 'item_l2', 'content', 'legal_basis', 'time_limit', 'responsible_body', 'channels', 'audience', 'method', 'level'];

/** 长安区 and one of its towns stand in for the (non-Hebei) counties the rows come from. */
const SCOPE = catalogScope('130102')!;
const TOWN = '130102100000';

function load(file: string): Sample {
  const [header, ...rows] = readCsv(readFileSync(join(FIXTURES, file), 'utf8'));
  const records = rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
  // as a county's sheet: a title row, the standard header, the rows
  const grid = [['示例县基层政务公开标准目录'], STANDARD_HEADER, ...records.map((r) => COLUMNS.map((c) => r[c] ?? ''))];
  // Some pages dropped the empty tick columns (公开对象/方式/层级 are blank there): the defaults
  // stand in for what the county would fill in, and each use is reported as a warning.
  const sheet = normaliseSheet(grid, {
    sheetName: 'Sheet1',
    defaults: { audience: 'public', method: 'proactive', level: 'county' },
    defaultTownshipCode: TOWN,
  });
  return { file, records, sheet };
}

const samples = new Map(FILES.map((f) => [f, load(f)]));
const sample = (file: string) => samples.get(file)!;

describe('real catalog samples', () => {
  it('has every sample file', () => {
    expect(FILES.length).toBe(21);
  });

  it.each(FILES)('%s: every row becomes a valid catalog item', (file) => {
    const { records, sheet } = sample(file);
    expect(sheet.problems).toEqual([]);
    expect(sheet.headerRow).toBe(2);
    expect(sheet.rows).toHaveLength(records.length);
    for (const [i, row] of sheet.rows.entries()) {
      expect(row.row).toBe(i + 3);
      expect(row.problems, `${file} row ${row.row}`).toEqual([]);
      const valid = validateCatalogItem(row.item, SCOPE);
      expect(valid.ok, `${file} row ${row.row}: ${JSON.stringify(valid)}`).toBe(true);
      // the domain column names one of the 26 domains on every row
      expect(row.domain).toBe(row.item!.domain);
      expect(row.item!.channels.length).toBeGreaterThan(0);
    }
  });

  it.each(FILES)('%s: channel cells read without losing a ticked or listed channel', (file) => {
    for (const r of sample(file).records) {
      const { codes, unknown } = parseChannels(r.channels);
      if (r.channels!.trim() !== '同上') expect(codes.length + unknown.length, r.channels).toBeGreaterThan(0);
    }
  });

  const row = (file: string, i: number) => sample(file).sheet.rows[i]!;

  it('reads ticked channel lists as a person does', () => {
    expect(row('daocheng_shehuijiuzhu.csv', 0).item!.channels).toEqual(['website', 'reading-point', 'service-center']);
    expect(row('daocheng_shehuijiuzhu.csv', 1).item!.channels).toEqual(['website', 'service-center', 'bulletin-board']);
    expect(row('fuliang_sanlong_jiuzai.csv', 0).item!.channels).toEqual(['website', 'reading-point', 'service-center']);
    expect(row('tengchong_jiuye.csv', 0).item!.channels).toEqual(['website', 'service-center', 'other']);
    // ▄ for ■ and 口 for □; 「国家档案馆」 has no box and is not ticked
    expect(row('zaozhuang_gaoxin_anquanshengchan.csv', 0).item!.channels).toEqual(['website']);
    expect(row('zaozhuang_gaoxin_anquanshengchan.csv', 1).item!.channels).toEqual(['website']);
    expect(row('balinzuoqi_shehuibaoxian.csv', 2).item!.channels).toEqual(['website', 'bulletin-board']);
    expect(row('pingwu_shehuibaoxian.csv', 0).item!.channels).toEqual(['service-station']);
    expect(row('xiashan_xinyuan_gonggongwenhua.csv', 0).item!.channels).toEqual(['bulletin-board']);
    expect(row('wuqia_nongcunweifang.csv', 0).item!.channels).toEqual(['website', 'new-media', 'reading-point', 'bulletin-board']);
  });

  it('reads plain, numbered and 「同上」 channel cells', () => {
    expect(row('shanghai_tekun_shehuijiuzhu.csv', 0).item!.channels).toEqual(['website', 'reading-point', 'service-center']);
    expect(row('yncn_gonggongwenhua.csv', 0).item!.channels).toEqual(['website', 'other']);
    expect(row('fangshan_shenongbutie.csv', 0).item!.channels).toEqual(['bulletin-board']);
    expect(row('tongling_jiaoqu_yiliaoweisheng.csv', 0).item!.channels).toEqual(['website']);
    const meixian = ['website', 'radio-tv', 'print-media', 'on-site', 'bulletin-board', 'other'];
    for (let i = 0; i < 4; i++) expect(row('meixian_gonggongfalv.csv', i).item!.channels).toEqual(meixian);
    // 「同上」 in 公开依据 takes the row above
    expect(row('meixian_gonggongfalv.csv', 1).item!.legalBasis).toBe(row('meixian_gonggongfalv.csv', 0).item!.legalBasis);
  });

  it('files channels it does not know under 其他, with a warning naming them', () => {
    const r = row('saihan_zhongdajianshe.csv', 2);
    expect(r.item!.channels).toEqual(['website', 'new-media', 'press-conference', 'service-center', 'other']);
    expect(r.warnings.map((w) => w.message)).toContain(
      '未识别的渠道按「其他」导入：公共资源交易平台、信用中国网站、招投标公共服务平台、投资项目在线审批监管平台',
    );
  });

  it('reads the time limits', () => {
    expect(row('balinzuoqi_shehuibaoxian.csv', 0).timeLimitRule).toEqual({
      kind: 'afterEvent',
      workingDays: 20,
      event: 'formedOrChanged',
      eventText: '信息形成或变更',
    });
    expect(row('daocheng_shehuijiuzhu.csv', 0).timeLimitRule).toMatchObject({ kind: 'afterEvent', workingDays: 10, event: 'madeOrObtained' });
    expect(row('meixian_gonggongfalv.csv', 0).timeLimitRule).toMatchObject({ workingDays: 20, event: 'madeOrObtained' });
    expect(row('fangshan_shenongbutie.csv', 0).timeLimitRule).toMatchObject({ workingDays: 20, event: 'formedOrChanged' });
    expect(row('tongling_jiaoqu_yiliaoweisheng.csv', 0).timeLimitRule).toMatchObject({ workingDays: 20, event: 'formedOrChanged' });
    expect(row('tonghai_jiulong_zhongdajianshe.csv', 0).timeLimitRule).toMatchObject({ workingDays: 20, event: 'formed' });
    expect(row('wuqia_nongcunweifang.csv', 2).timeLimitRule).toMatchObject({ workingDays: 20, event: 'determined' });
    expect(row('zhongshan_sanjiao_caizheng.csv', 0).timeLimitRule).toEqual({
      kind: 'afterEvent',
      days: 20,
      event: 'approved',
      eventText: '本级人民代表大会或其常务委员会批准',
    });
    expect(row('saihan_zhongdajianshe.csv', 0).timeLimitRule).toEqual({ kind: 'realTime' });
    expect(row('xiashan_xinyuan_gonggongwenhua.csv', 0).timeLimitRule).toEqual({ kind: 'longTerm' });
    // 「及时公开」 names no deadline; 「同上」 below it is the same phrase
    expect(row('saihan_zhongdajianshe.csv', 1).timeLimitRule).toBeNull();
    expect(row('saihan_zhongdajianshe.csv', 2).item!.timeLimit).toBe('及时公开');
    // two rules in one cell are not guessed
    expect(row('rangtang_gonggongwenhua.csv', 1).timeLimitRule).toBeNull();
    // the wrapped cell comes out whole
    expect(row('tengchong_jiuye.csv', 0).item!.timeLimit).toBe('公开事项信息形成或变更之日起20个工作日内公开');
    expect(row('tengchong_jiuye.csv', 0).timeLimitRule).toMatchObject({ workingDays: 20, event: 'formedOrChanged' });
  });

  it('every time limit in the samples but four has a rule', () => {
    const phrases = [...samples.values()].flatMap((s) => s.sheet.rows.map((r) => r.item!.timeLimit));
    const unread = phrases.filter((p) => parseTimeLimit(p).rule === null);
    expect(new Set(unread)).toEqual(
      new Set(['及时公开', '执法决定信息在决定作出之日起7个工作日内公开,其他相关信息形成或变更之日起20个工作日内公开']),
    );
    expect(unread).toHaveLength(4);
  });

  it('reads names, levels and audiences', () => {
    const tc = row('tengchong_jiuye.csv', 0);
    expect([tc.category, tc.item!.name]).toEqual(['就业信息服务', '就业政策法规咨询']);
    expect(row('daocheng_shehuijiuzhu.csv', 0).category).toBe('临时救助');
    expect(row('tonghai_jiulong_gonggongziyuan.csv', 0).category).toBe('政府采购信息');
    expect(row('shanghai_tekun_shehuijiuzhu.csv', 0).category).toBeNull();
    // 县级;乡级 → one county-level item, said so
    const dc = row('daocheng_shehuijiuzhu.csv', 0);
    expect(dc.item!.level).toBe('county');
    expect(dc.warnings.map((w) => w.message)).toContain('同时列明县级和乡级，按县级事项导入（乡镇事项可在目录中另建）');
    // 乡镇级 → township, in the township the caller named
    expect(row('balinzuoqi_shehuibaoxian.csv', 0).item).toMatchObject({ level: 'township', townshipCode: TOWN });
    // 州级;乡、村级: the prefecture is not a catalog level, the township part is read
    const wq = row('wuqia_nongcunweifang.csv', 2);
    expect(wq.item!.level).toBe('township');
    expect(wq.warnings.map((w) => w.message)).toContain('忽略无法识别的层级：州级');
    expect(row('pingwu_shehuibaoxian.csv', 0).item).toMatchObject({ method: 'proactive', audience: 'public' });
  });

  it('without defaults, the blank 公开对象/方式/层级 cells are problems, by row and column', () => {
    const { records } = sample('fangshan_shenongbutie.csv');
    const grid = [STANDARD_HEADER, ...records.map((r) => COLUMNS.map((c) => r[c] ?? ''))];
    const sheet = normaliseSheet(grid);
    expect(sheet.rows[0]!.item).toBeUndefined();
    expect(sheet.rows[0]!.problems).toEqual([
      { row: 2, column: '公开对象', message: '公开对象为空', value: '' },
      { row: 2, column: '公开方式', message: '公开方式为空', value: '' },
      { row: 2, column: '公开层级', message: '公开层级为空', value: '' },
    ]);
  });
});

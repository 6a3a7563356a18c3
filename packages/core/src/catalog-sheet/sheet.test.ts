import { describe, expect, it } from 'vitest';
import { townshipsOf } from '../regions/index.js';
import { catalogSheetLayout } from './layout.js';
import { type SheetGrid, normaliseSheet } from './sheet.js';

const HEADER = ['序号', '一级事项', '二级事项', '公开内容（要素）', '公开依据', '公开时限', '公开主体', '公开渠道和载体', '公开对象', '公开方式', '公开层级'];
const row = (no: number, l1: string | null, l2: string, over: Partial<Record<number, string | null>> = {}): (string | null)[] => {
  const base: (string | null)[] = [
    String(no),
    l1,
    l2,
    `${l2}的公开内容`,
    '《中华人民共和国政府信息公开条例》',
    '信息形成或变更之日起20个工作日内',
    '县民政局',
    '■政府网站 □政府公报 ■公开查阅点',
    '全社会',
    '主动',
    '县级',
  ];
  for (const [i, v] of Object.entries(over)) base[Number(i)] = v ?? null;
  return base;
};

const TOWNSHIPS = townshipsOf('130102').map((t) => ({ code: t.code, name: t.name }));

describe('normaliseSheet', () => {
  it('finds the header below title rows and takes the domain from the title', () => {
    const grid: SheetGrid = [
      ['附件1'],
      ['长安区社会救助领域基层政务公开标准目录', '长安区社会救助领域基层政务公开标准目录'],
      ['填报单位：长安区民政局', null, null],
      HEADER,
      row(1, '最低生活保障', '政策文件'),
      row(2, null, '办事指南'), // a merged 一级事项 left blank
      row(3, '同上', '审核结果', { 4: '同上', 7: '同上' }),
    ];
    const sheet = normaliseSheet(grid, { sheetName: 'Sheet1' });
    expect(sheet.headerRow).toBe(4);
    expect(sheet.title).toContain('社会救助领域');
    expect(sheet.domain).toBe('social-assistance');
    expect(sheet.problems).toEqual([]);
    expect(sheet.rows.map((r) => [r.row, r.category, r.item?.name, r.item?.domain])).toEqual([
      [5, '最低生活保障', '政策文件', 'social-assistance'],
      [6, '最低生活保障', '办事指南', 'social-assistance'],
      [7, '最低生活保障', '审核结果', 'social-assistance'],
    ]);
    expect(sheet.rows[2]!.item).toMatchObject({
      legalBasis: '《中华人民共和国政府信息公开条例》',
      channels: ['website', 'reading-point'],
      category: '最低生活保障',
    });
  });

  it('prefers a 领域 column, then a section row, then the sheet name, then the default', () => {
    const withColumn = normaliseSheet(
      [
        ['领域', ...HEADER],
        ['就业创业', ...row(1, '就业服务', '岗位信息')],
        [null, ...row(2, '就业服务', '培训信息')], // merged 领域 carried down
      ],
      { sheetName: '社会救助' },
    );
    expect(withColumn.rows.map((r) => r.item?.domain)).toEqual(['employment-entrepreneurship', 'employment-entrepreneurship']);

    const sections = normaliseSheet(
      [
        HEADER,
        ['一、社会救助', '一、社会救助', '一、社会救助', '一、社会救助'],
        row(1, '低保', '政策文件'),
        ['二、养老服务'],
        row(2, '养老机构', '机构名录'),
      ],
      { sheetName: '就业创业' },
    );
    expect(sections.rows.map((r) => [r.row, r.item?.domain])).toEqual([
      [3, 'social-assistance'],
      [5, 'elderly-care'],
    ]);
    expect(sections.skipped.map((s) => [s.row, s.reason])).toEqual([
      [2, '领域标题行'],
      [4, '领域标题行'],
    ]);

    const byName = normaliseSheet([HEADER, row(1, '低保', '政策文件')], { sheetName: '养老服务' });
    expect(byName.rows[0]!.item?.domain).toBe('elderly-care');

    const byDefault = normaliseSheet([HEADER, row(1, '低保', '政策文件')], { sheetName: 'Sheet1', defaultDomain: 'health-care' });
    expect(byDefault.rows[0]!.item?.domain).toBe('health-care');

    const none = normaliseSheet([HEADER, row(1, '低保', '政策文件')], { sheetName: 'Sheet1' });
    expect(none.rows[0]!.problems).toEqual([
      { row: 2, column: '所属领域', message: '无法确定所属领域：请填写「所属领域」列，或用领域名称命名工作表', value: '' },
    ]);
  });

  it('reads a two-row header with split tick columns, merged labels filled in or not', () => {
    for (const filled of [true, false]) {
      const top = filled
        ? ['序号', '公开事项', '公开事项', '公开内容（要素）', '公开依据', '公开时限', '公开主体', '公开渠道和载体', '公开对象', '公开对象', '公开方式', '公开方式', '公开层级', '公开层级']
        : ['序号', '公开事项', null, '公开内容（要素）', '公开依据', '公开时限', '公开主体', '公开渠道和载体', '公开对象', null, '公开方式', null, '公开层级', null];
      const sub = filled
        ? ['序号', '一级事项', '二级事项', '公开内容（要素）', '公开依据', '公开时限', '公开主体', '公开渠道和载体', '全社会', '特定群体', '主动', '依申请', '县级', '乡级']
        : [null, '一级事项', '二级事项', null, null, null, null, null, '全社会', '特定群体', '主动', '依申请', '县级', '乡级'];
      const data = (no: number, l2: string, ticks: (string | null)[]) => [
        String(no),
        '临时救助',
        l2,
        '救助标准',
        '《社会救助暂行办法》',
        '信息形成或变更之日起20个工作日内',
        '县民政局',
        '政府网站、公示栏',
        ...ticks,
      ];
      const sheet = normaliseSheet(
        [
          ['社会救助'],
          top,
          sub,
          data(1, '救助标准', ['√', null, '√', null, '√', null]),
          data(2, '救助对象名单', [null, '√（救助对象本人）', null, '√', '√', '√']),
          data(3, '乡镇审核', ['■', '□', '■', '□', '□', '■']),
        ],
        { townships: TOWNSHIPS, defaultTownshipCode: TOWNSHIPS[0]!.code },
      );
      expect(sheet.headerRow).toBe(2);
      expect(sheet.problems).toEqual([]);
      expect(sheet.columns.map((c) => c.reads)).toEqual([
        'no',
        'category',
        'name',
        'content',
        'legalBasis',
        'timeLimit',
        'responsibleBody',
        'channels',
        'audience.public',
        'audience.specific',
        'method.proactive',
        'method.onRequest',
        'level.county',
        'level.township',
      ]);
      expect(sheet.rows.map((r) => r.problems)).toEqual([[], [], []]);
      expect(sheet.rows.map((r) => r.item && [r.item.category, r.item.name, r.item.audience, r.item.audienceNote, r.item.method, r.item.level])).toEqual([
        ['临时救助', '救助标准', 'public', null, 'proactive', 'county'],
        ['临时救助', '救助对象名单', 'specific', '救助对象本人', 'onRequest', 'county'],
        ['临时救助', '乡镇审核', 'public', null, 'proactive', 'township'],
      ]);
      expect(sheet.rows[1]!.warnings.map((w) => w.message)).toEqual(['同时列明县级和乡级，按县级事项导入（乡镇事项可在目录中另建）']);
    }
  });

  it('reads header variants', () => {
    const sheet = normaliseSheet(
      [
        ['编号', '事项类别', '事项名称', '公开内容', '政策依据', '公开时间', '责任单位', '公开渠道及载体', '对象', '方式', '层级', '备注'],
        ['1', '低保', '低保政策', '政策文件', '《社会救助暂行办法》', '实时公开', '县民政局', '政府网站', '全社会', '主动公开', '县级', '无'],
      ],
      { defaultDomain: 'social-assistance' },
    );
    expect(sheet.rows[0]!.item).toMatchObject({ name: '低保政策', category: '低保', timeLimit: '实时公开', method: 'proactive' });
  });

  it('resolves the township of a township-level item from a 乡镇 column or the responsible body', () => {
    const head = [...HEADER, '乡镇（街道）'];
    const sheet = normaliseSheet(
      [
        head,
        [...row(1, '低保', '乡镇低保名单', { 10: '乡级' }), '西兆通镇'],
        [...row(2, '低保', '乡镇低保名单', { 10: '乡级', 6: '南村镇人民政府' }), null],
        [...row(3, '低保', '乡镇低保名单', { 10: '乡级' }), '不存在镇'],
        [...row(4, '低保', '乡镇低保名单', { 10: '乡级' }), null],
      ],
      { defaultDomain: 'social-assistance', townships: TOWNSHIPS },
    );
    const code = (name: string) => TOWNSHIPS.find((t) => t.name === name)!.code;
    expect(sheet.rows[0]!.item?.townshipCode).toBe(code('西兆通镇'));
    expect(sheet.rows[1]!.item?.townshipCode).toBe(code('南村镇'));
    expect(sheet.rows[2]!.problems).toEqual([{ row: 4, column: '乡镇（街道）', message: '不是本县（市、区）的乡镇（街道）', value: '不存在镇' }]);
    expect(sheet.rows[3]!.problems).toEqual([
      { row: 5, column: '乡镇（街道）', message: '乡级事项须写明所属乡镇（街道）：请填写「乡镇（街道）」列', value: '' },
    ]);
  });

  it('reports each problem with its row, the column as the sheet names it, and the value seen', () => {
    const sheet = normaliseSheet(
      [
        ['序号', '一级事项', '二级事项', '公开内容（要素）', '公开依据', '公开时限', '公开主体', '公开渠道', '公开对象', '公开方式', '公开层级'],
        row(1, '低保', '政策文件'),
        row(2, '低保', '', { 7: '□政府网站 □政府公报', 9: '不公开' }),
        row(3, '低保', '名单', { 4: '', 8: '特定群体', 10: '村级' }),
        row(4, '低保', '名单', { 3: '同上', 10: '州级' }),
      ],
      { defaultDomain: 'social-assistance' },
    );
    expect(sheet.rows[0]!.problems).toEqual([]);
    expect(sheet.rows[1]!.problems).toEqual([
      { row: 3, column: '二级事项', message: '事项名称不能为空', value: '' },
      { row: 3, column: '公开渠道', message: '没有勾选或写明任何公开渠道', value: '□政府网站 □政府公报' },
      { row: 3, column: '公开方式', message: '公开方式应为「主动公开」或「依申请公开」', value: '不公开' },
    ]);
    expect(sheet.rows[2]!.problems).toEqual([
      { row: 4, column: '公开依据', message: '公开依据不能为空', value: '' },
      { row: 4, column: '公开对象', message: '公开对象为特定群体时须注明群体', value: '特定群体' },
      { row: 4, column: '公开层级', message: '村级事项属于村（居）务公开，不纳入县级事项目录', value: '村级' },
    ]);
    // 「同上」 in 公开内容 takes row 4's content, which is fine; 州级 is not
    expect(sheet.rows[3]!.problems).toEqual([
      { row: 5, column: '公开层级', message: '公开层级应为县级或乡级，无法识别：州级', value: '州级' },
    ]);
    expect(sheet.rows.filter((r) => r.item).map((r) => r.row)).toEqual([2]);
  });

  it('skips repeated headers, notes and blank rows; reports 「同上」 with nothing above', () => {
    const sheet = normaliseSheet(
      [HEADER, row(1, '低保', '政策文件', { 4: '同上' }), [], HEADER, ['注：本目录按年度更新。'], row(2, '低保', '办事指南')],
      { defaultDomain: 'social-assistance' },
    );
    expect(sheet.rows.map((r) => r.row)).toEqual([2, 6]);
    expect(sheet.rows[0]!.problems).toEqual([{ row: 2, column: '公开依据', message: '「同上」但上一行这一列没有内容', value: '同上' }]);
    expect(sheet.skipped.map((s) => [s.row, s.reason])).toEqual([
      [4, '重复的表头'],
      [5, '注释行'],
    ]);
  });

  it('says when there is no header, or a column is missing', () => {
    expect(normaliseSheet([['名单'], ['张三', '李四']]).problems[0]!.message).toMatch(/^找不到表头/);
    expect(normaliseSheet([[], [null]]).problems).toEqual([]);
    const missing = normaliseSheet([HEADER.filter((h) => h !== '公开依据' && h !== '公开方式')]);
    expect(missing.problems).toEqual([
      expect.objectContaining({ row: 1, message: '表头缺少以下列：公开依据、公开方式' }),
    ]);
  });

  it('reads back what the export layout writes', () => {
    const town = TOWNSHIPS[2]!;
    const items = [
      {
        domain: 'social-assistance',
        level: 'county',
        townshipCode: null,
        category: '最低生活保障',
        name: '低保政策',
        content: '政策文件',
        legalBasis: '《社会救助暂行办法》',
        timeLimit: '信息形成或变更之日起20个工作日内',
        responsibleBody: '县民政局',
        method: 'proactive',
        channels: ['website', 'press-conference', 'on-site', 'bulletin-board', 'hotline-12345'],
        audience: 'specific',
        audienceNote: '低保对象',
      },
      {
        domain: 'elderly-care',
        level: 'township',
        townshipCode: town.code,
        category: null,
        name: '养老机构名录',
        content: '名称、地址',
        legalBasis: '《养老机构管理办法》',
        timeLimit: '实时更新',
        responsibleBody: '街道办事处',
        method: 'onRequest',
        channels: ['other'],
        audience: 'public',
        audienceNote: null,
      },
    ];
    const layout = catalogSheetLayout('长安区', items);
    const sheet = normaliseSheet([[layout.title], layout.header, ...layout.rows], { townships: TOWNSHIPS });
    expect(sheet.rows.map((r) => r.problems)).toEqual([[], []]);
    expect(sheet.rows.map((r) => r.item)).toEqual(items.map((i) => ({ ...i, standardItemId: null, nextReviewOn: null })));
  });
});

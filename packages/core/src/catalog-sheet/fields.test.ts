import { describe, expect, it } from 'vitest';
import { parseAudience, parseDomain, parseLevels, parseMethod } from './fields.js';
import { stripNumbering, toNumber } from './text.js';

describe('parseAudience', () => {
  it.each<[string, { audience: string | null; note: string | null }]>([
    ['全社会', { audience: 'public', note: null }],
    ['社会公众', { audience: 'public', note: null }],
    ['特定群体（低保对象）', { audience: 'specific', note: '低保对象' }],
    ['特定群体(申请人)', { audience: 'specific', note: '申请人' }],
    ['特定群体：项目相关企业', { audience: 'specific', note: '项目相关企业' }],
    ['特定群体', { audience: 'specific', note: null }],
    ['■全社会 □特定群体', { audience: 'public', note: null }],
    ['□全社会 ■特定群体（困难群众）', { audience: 'specific', note: '困难群众' }],
    ['■全社会 ■特定群体', { audience: 'public', note: null }],
    ['申请人', { audience: 'specific', note: '申请人' }],
    ['', { audience: null, note: null }],
    ['不详', { audience: null, note: null }],
  ])('%s', (cell, want) => {
    expect(parseAudience(cell)).toEqual(want);
  });
});

describe('parseMethod', () => {
  it.each<[string, string[]]>([
    ['主动', ['proactive']],
    ['主动公开', ['proactive']],
    ['依申请', ['onRequest']],
    ['依申请公开', ['onRequest']],
    ['■主动 □依申请', ['proactive']],
    ['□主动 ■依申请', ['onRequest']],
    ['主动公开、依申请公开', ['proactive', 'onRequest']],
    ['', []],
    ['不公开', []],
  ])('%s', (cell, want) => {
    expect(parseMethod(cell)).toEqual(want);
  });
});

describe('parseLevels', () => {
  it.each<[string, string[], boolean, string[]]>([
    ['县级', ['county'], false, []],
    ['乡级', ['township'], false, []],
    ['乡镇级', ['township'], false, []],
    ['县级;乡级', ['county', 'township'], false, []],
    ['县级、乡级', ['county', 'township'], false, []],
    ['县乡两级', ['county', 'township'], false, []],
    ['县（市、区）级', ['county'], false, []],
    ['乡镇（街道）级', ['township'], false, []],
    ['■县级 □乡级', ['county'], false, []],
    ['□县级 ■乡级', ['township'], false, []],
    ['县级;乡、村级', ['county', 'township'], true, []],
    ['乡镇级;嘎查(社区)级', ['township'], true, []],
    ['州级;乡、村级', ['township'], true, ['州级']],
    ['村级', [], true, []],
    ['市级', [], false, ['市级']],
    ['', [], false, []],
  ])('%s', (cell, levels, village, unknown) => {
    expect(parseLevels(cell)).toEqual({ levels, village, unknown });
  });
});

describe('parseDomain', () => {
  it.each<[string, string | null]>([
    ['社会救助', 'social-assistance'],
    ['social-assistance', 'social-assistance'],
    ['重大建设项目批准和实施领域', 'major-projects'],
    ['长安区社会救助领域基层政务公开标准目录', 'social-assistance'],
    ['国有土地上房屋征收与补偿', 'housing-expropriation'],
    ['养老保险', 'social-insurance'],
    ['养老服务', 'elderly-care'],
    ['Sheet1', null],
    ['', null],
  ])('%s', (text, want) => {
    expect(parseDomain(text)).toBe(want);
  });
});

describe('text helpers', () => {
  it.each([
    ['1.就业信息服务', '就业信息服务'],
    ['1.1就业政策法规咨询', '就业政策法规咨询'],
    ['（一）政策文件', '政策文件'],
    ['一、政策文件', '政策文件'],
    ['①政策文件', '政策文件'],
    ['12345热线办理情况', '12345热线办理情况'],
    ['2020年预算', '2020年预算'],
  ])('stripNumbering(%s)', (s, want) => {
    expect(stripNumbering(s)).toBe(want);
  });

  it('reads Chinese numerals', () => {
    expect([toNumber('二十'), toNumber('十五'), toNumber('十'), toNumber('两'), toNumber('七'), toNumber('20')]).toEqual([
      20, 15, 10, 2, 7, 20,
    ]);
    expect(toNumber('百')).toBeUndefined();
  });
});

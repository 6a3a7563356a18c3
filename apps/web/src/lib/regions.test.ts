import { describe, expect, it } from 'vitest';
import { type CountySummary, DIRECT_GROUP, groupByCity, latest, matchesCounty } from './regions';

const county = (code: string, name: string, cityCode: string, cityName: string, direct = false): CountySummary => ({
  code,
  name,
  cityCode,
  cityName,
  provinceAdministered: direct,
  enrolled: false,
  lastSyncAt: null,
  catalogItems: 0,
  publishedItems: 0,
});

const all = [
  county('130682', '定州市', '130600', '保定市', true),
  county('130104', '桥西区', '130100', '石家庄市'),
  county('130602', '竞秀区', '130600', '保定市'),
  county('130181', '辛集市', '130100', '石家庄市', true),
  county('130102', '长安区', '130100', '石家庄市'),
];

describe('groupByCity', () => {
  it('groups by city in code order, 省直管 last', () => {
    const groups = groupByCity(all);
    expect(groups.map((g) => g.name)).toEqual(['石家庄市', '保定市', '省直管县级市']);
    expect(groups[0]?.counties.map((c) => c.code)).toEqual(['130102', '130104']);
    expect(groups[2]?.key).toBe(DIRECT_GROUP);
    expect(groups[2]?.counties.map((c) => c.name)).toEqual(['辛集市', '定州市']);
  });
});

describe('matchesCounty', () => {
  it('matches names by words and codes by prefix', () => {
    expect(matchesCounty({ code: '130102', name: '长安区' }, '长安')).toBe(true);
    expect(matchesCounty({ code: '130102', name: '长安区' }, '1301')).toBe(true);
    expect(matchesCounty({ code: '130102', name: '长安区' }, '0102')).toBe(false);
    expect(matchesCounty({ code: '130102', name: '长安区' }, '  ')).toBe(true);
    expect(matchesCounty({ code: '130102', name: '长安区' }, '长安 桥西')).toBe(false);
  });
});

describe('latest', () => {
  it('picks the latest valid timestamp', () => {
    expect(latest(null, '2024-05-01T00:00:00Z', '2024-05-02T00:00:00+08:00', 'x')).toBe('2024-05-02T00:00:00+08:00');
    expect(latest(null, undefined)).toBeNull();
  });
});

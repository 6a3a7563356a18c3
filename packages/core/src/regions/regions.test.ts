import { describe, expect, it } from 'vitest';
import {
  PROVINCE_CODE6,
  ancestors,
  buildVillageIndex,
  children,
  cities,
  cityOf,
  counties,
  countyByCode6,
  isProvinceAdministered,
  regionByCode,
  reviewingCityCode,
  townshipsOf,
} from './index.js';

describe('city-level units', () => {
  // The NBS 2023 codes list 11 地级市 and 雄安新区 (a 国家级新区 with no subordinate units: 雄县,
  // 容城县 and 安新县 are still coded under 保定市), so there are 12 city-level rows, not 11.
  it('are 11 地级市 and 雄安新区', () => {
    expect(cities()).toHaveLength(12);
    expect(cities().filter((c) => c.type === '地级市')).toHaveLength(11);
    expect(cities().filter((c) => c.type === '国家级新区').map((c) => c.name)).toEqual(['雄安新区']);
    expect(children('133100')).toEqual([]);
    expect(regionByCode('130638')?.parentCode).toBe('130600000000');
  });

  it('are the children of the province', () => {
    expect(children()).toEqual(cities());
    expect(children(PROVINCE_CODE6)).toEqual(cities());
    expect(children('130000000000')).toEqual(cities());
    for (const c of cities()) expect(c.parentCode).toBe('130000000000');
  });
});

describe('county-level units', () => {
  it('are 167 GB/T 2260 divisions, plus 23 statistical-only 功能区 zones on request', () => {
    expect(counties()).toHaveLength(167);
    expect(counties({ gbt2260Only: true })).toHaveLength(167);
    const all = counties({ gbt2260Only: false });
    expect(all).toHaveLength(190);
    const zones = all.filter((c) => !c.inGBT2260);
    expect(zones).toHaveLength(23);
    for (const z of zones) {
      expect(z.type).toBe('功能区');
      expect(Number(z.code.slice(4, 6))).toBeGreaterThanOrEqual(71);
      expect(Number(z.code.slice(4, 6))).toBeLessThanOrEqual(79);
    }
    for (const c of counties()) expect(['市辖区', '县', '县级市', '自治县']).toContain(c.type);
  });

  it('are found by 6- or 12-digit code', () => {
    const changan = countyByCode6('130102');
    expect(changan).toMatchObject({ code: '130102000000', code6: '130102', name: '长安区', level: 'county' });
    expect(regionByCode('130102')).toBe(changan);
    expect(regionByCode('130102000000')).toBe(changan);
    expect(countyByCode6('130100')).toBeUndefined();
    expect(countyByCode6('130102000000')).toBeUndefined();
    expect(regionByCode('999999')).toBeUndefined();
    expect(regionByCode('1301')).toBeUndefined();
    expect(regionByCode('')).toBeUndefined();
  });

  it('辛集 and 定州 are administered by the province, though coded under 石家庄 and 保定', () => {
    expect(countyByCode6('130181')?.name).toBe('辛集市');
    expect(countyByCode6('130682')?.name).toBe('定州市');
    expect(cityOf('130181')?.code6).toBe('130100');
    expect(cityOf('130682')?.code6).toBe('130600');
    expect(isProvinceAdministered('130181')).toBe(true);
    expect(isProvinceAdministered('130682')).toBe(true);
    expect(reviewingCityCode('130181')).toBeNull();
    expect(reviewingCityCode('130682')).toBeNull();
    const others = counties({ gbt2260Only: false }).filter((c) => isProvinceAdministered(c.code6!));
    expect(others.map((c) => c.code6)).toEqual(['130181', '130682']);
  });

  it('other counties are reviewed by the city they are coded under', () => {
    expect(reviewingCityCode('130102')).toBe('130100');
    expect(reviewingCityCode('130638')).toBe('130600');
    expect(reviewingCityCode('130100')).toBeUndefined();
    for (const c of counties({ gbt2260Only: false })) {
      if (isProvinceAdministered(c.code6!)) continue;
      expect(reviewingCityCode(c.code6!)).toBe(`${c.code6!.slice(0, 4)}00`);
    }
  });

  it('are the children of their city', () => {
    const shijiazhuang = children('130100');
    expect(shijiazhuang.map((c) => c.code6)).toContain('130102');
    expect(shijiazhuang.map((c) => c.code6)).toContain('130181');
    for (const c of shijiazhuang) expect(c).toMatchObject({ level: 'county', parentCode: '130100000000' });
    const total = cities().reduce((n, c) => n + children(c.code).length, 0);
    expect(total).toBe(190);
  });
});

describe('townships', () => {
  it('number 2,365 and each belongs to a county', () => {
    const all = counties({ gbt2260Only: false }).flatMap((c) => townshipsOf(c.code6!));
    expect(all).toHaveLength(2365);
    expect(new Set(all.map((t) => t.code)).size).toBe(2365);
    for (const t of all) expect(['街道', '镇', '乡', '类似乡级单位']).toContain(t.type);
  });

  it('townshipsOf(130102) lists 长安区’s 16 townships', () => {
    const ts = townshipsOf('130102');
    expect(ts).toHaveLength(16);
    for (const t of ts) {
      expect(t.level).toBe('township');
      expect(t.parentCode).toBe('130102000000');
      expect(t.code).toMatch(/^130102\d{3}000$/);
    }
    expect(ts.map((t) => t.name)).toContain('建北街道');
    expect(children('130102')).toEqual(ts);
    expect(townshipsOf('999999')).toEqual([]);
    expect(townshipsOf('130100')).toEqual([]);
  });

  it('have no children in the registry (villages are indexed separately)', () => {
    expect(children('130102001000')).toEqual([]);
  });
});

describe('ancestors', () => {
  it('of a township go county → city → province', () => {
    const chain = ancestors('130102001000');
    expect(chain.map((r) => r.level)).toEqual(['county', 'city', 'province']);
    expect(chain.map((r) => r.code6)).toEqual(['130102', '130100', '130000']);
  });

  it('of a county, a city and the province', () => {
    expect(ancestors('130682').map((r) => r.code6)).toEqual(['130600', '130000']);
    expect(ancestors('130600').map((r) => r.code6)).toEqual(['130000']);
    expect(ancestors('130000')).toEqual([]);
    expect(ancestors('999999')).toEqual([]);
  });
});

describe('villages', () => {
  it('villages.json has 54,145 rows, each under a known township', async () => {
    const { default: rows } = await import('../../data/villages.json', { with: { type: 'json' } });
    expect(rows).toHaveLength(54145);
    const index = buildVillageIndex(rows);
    expect(index.size).toBe(54145);

    const village = index.byCode('130102001001');
    expect(village).toMatchObject({ name: '棉一东社区居民委员会', level: 'village', parentCode: '130102001000', type: '居委会' });
    expect(regionByCode(village!.parentCode!)?.name).toBe('建北街道');
    expect(ancestors(village!.parentCode!).map((r) => r.code6)).toEqual(['130102', '130100', '130000']);
    expect(index.ofTownship('130102001000').map((v) => v.code)).toContain('130102001001');
    expect(index.ofTownship('999999999999')).toEqual([]);
    expect(index.byCode('130102001000')).toBeUndefined();
    expect(() => buildVillageIndex([['130102001001', '棉一东社区居民委员会']])).toThrow(TypeError);

    const townships = new Set(rows.map((r) => r[2]));
    for (const code of townships) expect(regionByCode(code ?? '')?.level).toBe('township');
  });
});

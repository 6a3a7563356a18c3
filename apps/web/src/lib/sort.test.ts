import { describe, expect, it } from 'vitest';
import { ariaSort, compareValues, parseSort, sortHref, sortRows, withParam } from './sort';

interface Row {
  name: string;
  lag: number | null;
  seq: string;
}

const rows: Row[] = [
  { name: '辛集市', lag: 3, seq: '10' },
  { name: '桥西区', lag: null, seq: '9' },
  { name: '定州市', lag: 120, seq: '9007199254740993' },
  { name: '安平县', lag: 0, seq: '9007199254740992' },
];
const columns = { name: (r: Row) => r.name, lag: (r: Row) => r.lag, seq: (r: Row) => r.seq };

describe('compareValues', () => {
  it('compares numbers, booleans and big decimal strings numerically', () => {
    expect(compareValues(2, 10)).toBeLessThan(0);
    expect(compareValues('2', '10')).toBeLessThan(0);
    expect(compareValues('9007199254740993', '9007199254740992')).toBeGreaterThan(0);
    expect(compareValues(false, true)).toBeLessThan(0);
    expect(compareValues(5, 5)).toBe(0);
  });
  it('orders Chinese names by pinyin', () => {
    expect(compareValues('安平县', '桥西区')).toBeLessThan(0); // an < qiao
    expect(compareValues('辛集市', '定州市')).toBeGreaterThan(0); // xin > ding
  });
  it('orders ISO timestamps chronologically', () => {
    expect(compareValues('2024-05-01T10:00:00Z', '2024-05-01T09:59:59Z')).toBeGreaterThan(0);
  });
});

describe('sortRows', () => {
  it('sorts ascending and descending, empty values last either way', () => {
    expect(sortRows(rows, columns, { key: 'lag', dir: 'asc' }).map((r) => r.lag)).toEqual([0, 3, 120, null]);
    expect(sortRows(rows, columns, { key: 'lag', dir: 'desc' }).map((r) => r.lag)).toEqual([120, 3, 0, null]);
  });
  it('handles sequence numbers beyond 2^53 given as strings', () => {
    expect(sortRows(rows, columns, { key: 'seq', dir: 'desc' }).map((r) => r.seq)).toEqual([
      '9007199254740993',
      '9007199254740992',
      '10',
      '9',
    ]);
  });
  it('sorts names in pinyin order and is stable', () => {
    expect(sortRows(rows, columns, { key: 'name', dir: 'asc' }).map((r) => r.name)).toEqual([
      '安平县',
      '定州市',
      '桥西区',
      '辛集市',
    ]);
    const same = [
      { name: 'a', lag: 1, seq: '1' },
      { name: 'b', lag: 1, seq: '2' },
    ];
    expect(sortRows(same, columns, { key: 'lag', dir: 'desc' }).map((r) => r.name)).toEqual(['a', 'b']);
  });
  it('does not mutate its input', () => {
    const copy = [...rows];
    sortRows(rows, columns, { key: 'name', dir: 'desc' });
    expect(rows).toEqual(copy);
  });
});

describe('parseSort / sortHref / ariaSort / withParam', () => {
  const keys = ['name', 'lag', 'seq'] as const;
  const fallback = { key: 'name' as const, dir: 'asc' as const };

  it('reads known keys and directions, else the default', () => {
    expect(parseSort(new URLSearchParams('sort=lag&dir=desc'), keys, fallback)).toEqual({ key: 'lag', dir: 'desc' });
    expect(parseSort(new URLSearchParams('sort=lag'), keys, fallback)).toEqual({ key: 'lag', dir: 'asc' });
    expect(parseSort(new URLSearchParams('sort=__proto__&dir=sideways'), keys, fallback)).toEqual(fallback);
    expect(parseSort(new URLSearchParams(''), keys, { key: 'lag', dir: 'desc' })).toEqual({ key: 'lag', dir: 'desc' });
  });

  it('links keep the filters, flip the current column and start others at firstDir', () => {
    const url = new URL('http://x/province?city=130100&sort=lag&dir=desc&page=3');
    const current = { key: 'lag' as const, dir: 'desc' as const };
    expect(sortHref(url, 'lag', current)).toBe('/province?city=130100&sort=lag&dir=asc');
    expect(sortHref(url, 'seq', current, 'desc')).toBe('/province?city=130100&sort=seq&dir=desc');
    expect(sortHref(url, 'name', current)).toBe('/province?city=130100&sort=name&dir=asc');
  });

  it('gives aria-sort values', () => {
    expect(ariaSort('lag', { key: 'lag', dir: 'desc' })).toBe('descending');
    expect(ariaSort('lag', { key: 'lag', dir: 'asc' })).toBe('ascending');
    expect(ariaSort('name', { key: 'lag', dir: 'asc' })).toBe('none');
  });

  it('sets and clears one query parameter', () => {
    const url = new URL('http://x/county/130102?domain=social-assistance&status=draft&page=2');
    expect(withParam(url, 'status', 'published')).toBe('/county/130102?domain=social-assistance&status=published');
    expect(withParam(url, 'status', null)).toBe('/county/130102?domain=social-assistance');
    expect(withParam(new URL('http://x/?city=1'), 'city', '')).toBe('/');
  });
});

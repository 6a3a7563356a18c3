import { describe, expect, it } from 'vitest';
import { countText, pageCount, pageList, parseSearchParams, searchHref, toHubQuery } from './search';

const parse = (qs: string) => parseSearchParams(new URLSearchParams(qs));

describe('search URL', () => {
  it('keeps well-formed parameters and drops the rest', () => {
    expect(parse('q=%20救助%20%20补偿 &region=130102&domain=social-assistance&from=2025-01-01&to=2025-02-30&attribute=withheld&validity=valid&sort=relevance&page=2')).toEqual({
      q: '救助 补偿',
      region: '130102',
      domain: 'social-assistance',
      from: '2025-01-01',
      validity: 'valid',
      sort: 'relevance',
      page: '2',
    });
    expect(parse('region=13&page=0&sort=date&year=2025')).toEqual({ year: '2025' });
    expect(parse('region=130000&page=1')).toEqual({});
    expect(parse(`q=${'字'.repeat(150)}`).q).toHaveLength(100);
  });
  it('builds links that reset the page when a filter changes', () => {
    const cur = { q: '救助', page: '3', domain: 'social-assistance' };
    expect(searchHref(cur, { page: '4' })).toBe('/search?q=%E6%95%91%E5%8A%A9&domain=social-assistance&page=4');
    expect(searchHref(cur, { domain: null })).toBe('/search?q=%E6%95%91%E5%8A%A9');
    expect(searchHref(cur, { sort: 'date', region: '130100' })).toBe('/search?q=%E6%95%91%E5%8A%A9&region=130100&domain=social-assistance');
    expect(searchHref({})).toBe('/search');
  });
  it('maps to the hub query', () => {
    expect(toHubQuery({ q: '救助', year: '2025', page: '2' })).toEqual({ q: '救助', year: 2025, sort: 'date', page: 2 });
  });
  it('lists pages with gaps', () => {
    expect(pageList(1, 1)).toEqual([]);
    expect(pageList(1, 3)).toEqual([1, 2, 3]);
    expect(pageList(10, 20)).toEqual([1, null, 8, 9, 10, 11, 12, null, 20]);
    expect(pageCount(0, 20)).toBe(1);
    expect(pageCount(10_001, 20)).toBe(500);
    expect(countText(10000, false)).toBe('约 10000 条');
  });
});

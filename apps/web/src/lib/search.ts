/**
 * The search page's URL: `/search?q=&region=&domain=&from=&to=&attribute=&validity=&sort=&page=`.
 * Parsing keeps only well-formed values (a bad one is dropped, not sent to the hub), and links
 * are built from the current parameters with some changed; changing any filter goes back to
 * page 1.
 */

export const SEARCH_KEYS = ['q', 'region', 'domain', 'from', 'to', 'year', 'attribute', 'validity', 'sort', 'page'] as const;
export type SearchKey = (typeof SEARCH_KEYS)[number];
export type SearchParams = Partial<Record<SearchKey, string>>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (s: string) => {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

const VALID: Record<SearchKey, (v: string) => boolean> = {
  q: (v) => v.length > 0,
  region: (v) => /^(\d{6}|\d{12})$/.test(v),
  domain: (v) => /^[a-z][a-z-]{1,40}$/.test(v),
  from: isDate,
  to: isDate,
  year: (v) => /^(19|20|21)\d{2}$/.test(v),
  attribute: (v) => v === 'proactive' || v === 'onRequest',
  validity: (v) => v === 'valid' || v === 'expired' || v === 'repealed',
  sort: (v) => v === 'date' || v === 'relevance',
  page: (v) => /^[1-9]\d{0,2}$/.test(v) && Number(v) <= 500,
};

/** Well-formed parameters only; the query is trimmed and cut at 100 characters. */
export function parseSearchParams(sp: URLSearchParams): SearchParams {
  const out: SearchParams = {};
  for (const k of SEARCH_KEYS) {
    let v = (sp.get(k) ?? '').trim();
    if (k === 'q') v = Array.from(v.replace(/\s+/g, ' ')).slice(0, 100).join('');
    if (v && VALID[k](v)) out[k] = v;
  }
  // a county/city filter of the province itself means everywhere
  if (out.region === '130000') delete out.region;
  if (out.page === '1') delete out.page;
  if (out.sort === 'date') delete out.sort;
  return out;
}

/**
 * A link to the search with `changes` applied (`null` or '' removes a key). Any change other than
 * the page resets the page.
 */
export function searchHref(current: SearchParams, changes: Partial<Record<SearchKey, string | null>> = {}): string {
  const next: SearchParams = { ...current };
  const touchesFilter = Object.keys(changes).some((k) => k !== 'page');
  if (touchesFilter) delete next.page;
  for (const [k, v] of Object.entries(changes) as [SearchKey, string | null | undefined][]) {
    if (v === null || v === undefined || v === '') delete next[k];
    else next[k] = v;
  }
  if (next.page === '1') delete next.page;
  if (next.sort === 'date') delete next.sort;
  const qs = new URLSearchParams();
  for (const k of SEARCH_KEYS) if (next[k]) qs.set(k, next[k]);
  const s = qs.toString();
  return s ? `/search?${s}` : '/search';
}

/** What the hub's `search.query` takes for these parameters. */
export function toHubQuery(p: SearchParams) {
  return {
    ...(p.q ? { q: p.q } : {}),
    ...(p.region ? { region: p.region } : {}),
    ...(p.domain ? { domain: p.domain } : {}),
    ...(p.from ? { from: p.from } : {}),
    ...(p.to ? { to: p.to } : {}),
    ...(p.year ? { year: Number(p.year) } : {}),
    ...(p.attribute ? { attribute: p.attribute } : {}),
    ...(p.validity ? { validity: p.validity } : {}),
    sort: p.sort === 'relevance' ? 'relevance' : 'date',
    page: p.page ? Number(p.page) : 1,
  } as const;
}

/**
 * Page numbers for a pager: first, last, and a window around the current one, with `null`
 * where pages are skipped. `[1, null, 4, 5, 6, null, 20]`.
 */
export function pageList(current: number, pages: number, around = 2): (number | null)[] {
  if (pages <= 1) return [];
  const out: (number | null)[] = [];
  const lo = Math.max(2, current - around);
  const hi = Math.min(pages - 1, current + around);
  out.push(1);
  if (lo > 2) out.push(null);
  for (let i = lo; i <= hi; i++) out.push(i);
  if (hi < pages - 1) out.push(null);
  out.push(pages);
  return out;
}

/** How many result pages there are; the hub never pages beyond 500. */
export const pageCount = (total: number, pageSize: number) => Math.min(500, Math.max(1, Math.ceil(total / pageSize)));

/** "约 1500 条" when the hub estimated the total from a sample (`totalExact` false), else "12 条". */
export const countText = (n: number, exact: boolean) => `${exact ? '' : '约 '}${n} 条`;

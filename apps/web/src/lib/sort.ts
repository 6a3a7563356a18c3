/**
 * Sorting that lives in the URL (`?sort=lagEvents&dir=desc`), for the consoles' dense tables.
 * Pure: the pages call these on the server and render links, so sorting works without JS.
 */

export type SortDir = 'asc' | 'desc';
export interface SortState<K extends string> {
  key: K;
  dir: SortDir;
}

export type Sortable = string | number | bigint | boolean | null | undefined;

const collator = new Intl.Collator('zh-CN', { numeric: true, sensitivity: 'base' });
const INTEGER = /^-?\d+$/;

/**
 * Compares two cell values ascending. Empty values (null, undefined, '') sort last in both
 * directions (see `sortRows`); decimal-integer strings compare as integers of any size (federation
 * sequence numbers travel as strings); other strings by Chinese collation (pinyin order).
 */
export function compareValues(a: Sortable, b: Sortable): number {
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  const ai = toBigInt(a);
  const bi = toBigInt(b);
  if (ai !== null && bi !== null) return ai === bi ? 0 : ai < bi ? -1 : 1;
  return collator.compare(String(a), String(b));
}

function toBigInt(v: Sortable): bigint | null {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && INTEGER.test(v)) return BigInt(v);
  return null;
}

const isEmpty = (v: Sortable) => v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));

/**
 * A sorted copy of `rows`. Stable: equal rows keep their order, so a secondary order can be set by
 * sorting the input first. Empty values go last whatever the direction.
 */
export function sortRows<T, K extends string>(
  rows: readonly T[],
  columns: Record<K, (row: T) => Sortable>,
  sort: SortState<K>,
): T[] {
  const get = columns[sort.key];
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: get(row) }))
    .sort((x, y) => {
      const xe = isEmpty(x.v);
      const ye = isEmpty(y.v);
      if (xe || ye) return xe === ye ? x.i - y.i : xe ? 1 : -1;
      return sign * compareValues(x.v, y.v) || x.i - y.i;
    })
    .map((x) => x.row);
}

/** Reads `sort` and `dir` from the query, falling back to the default for unknown keys. */
export function parseSort<K extends string>(
  params: URLSearchParams,
  keys: readonly K[],
  fallback: SortState<K>,
): SortState<K> {
  const key = params.get('sort');
  const dir = params.get('dir');
  const known = key !== null && (keys as readonly string[]).includes(key);
  return {
    key: known ? (key as K) : fallback.key,
    dir: dir === 'asc' || dir === 'desc' ? dir : known ? 'asc' : fallback.dir,
  };
}

/**
 * The link for a column header: same query (filters stay), this column, and the direction flipped
 * when it is already the sorted column. `firstDir` is the direction a fresh click starts with
 * (numbers that signal trouble, like lag, start descending). Paging restarts at the first page.
 */
export function sortHref<K extends string>(
  url: URL,
  key: K,
  current: SortState<K>,
  firstDir: SortDir = 'asc',
): string {
  const q = new URLSearchParams(url.searchParams);
  const dir: SortDir = current.key === key ? (current.dir === 'asc' ? 'desc' : 'asc') : firstDir;
  q.set('sort', key);
  q.set('dir', dir);
  q.delete('page');
  return `${url.pathname}?${q.toString()}`;
}

/** `aria-sort` for a column header. */
export function ariaSort<K extends string>(key: K, current: SortState<K>): 'ascending' | 'descending' | 'none' {
  if (current.key !== key) return 'none';
  return current.dir === 'asc' ? 'ascending' : 'descending';
}

/** The query string with one parameter set or removed; keeps the others (for filter links). */
export function withParam(url: URL, name: string, value: string | null): string {
  const q = new URLSearchParams(url.searchParams);
  if (value === null || value === '') q.delete(name);
  else q.set(name, value);
  q.delete('page');
  const s = q.toString();
  return s ? `${url.pathname}?${s}` : url.pathname;
}

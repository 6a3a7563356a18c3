/**
 * The rendering model of a field-level diff (版本历史, 审核队列, 标准更新): one row per element in
 * the catalog table's order, both values as display text and whether they differ. Pure.
 */
import type { VocabNames } from './vocab';

/** The elements of a catalog item in the order of the standard table, then the bookkeeping ones. */
export const DIFF_FIELDS = [
  'domain',
  'category',
  'name',
  'content',
  'legalBasis',
  'timeLimit',
  'responsibleBody',
  'channels',
  'audience',
  'audienceNote',
  'method',
  'level',
  'levels',
  'townshipCode',
  'status',
  'adoption',
  'nextReviewOn',
  'standardItemId',
] as const;

const EXTRA_LABELS: Record<string, string> = {
  status: '状态',
  adoption: '采用方式',
  levels: '公开层级',
  category: '一级事项',
};

export interface DiffRow {
  field: string;
  label: string;
  before: string;
  after: string;
  changed: boolean;
}

const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** One value as text: codes become names (channels joined with 、), empty becomes —. */
export function displayValue(field: string, value: unknown, names: VocabNames, township?: (code: string) => string): string {
  if (empty(value)) return '—';
  if (Array.isArray(value)) {
    const map = field === 'channels' ? names.channel : field === 'levels' ? names.level : (x: string) => x;
    return value.map((x) => map(String(x))).join('、');
  }
  const s = String(value);
  switch (field) {
    case 'domain':
      return names.domain(s);
    case 'level':
      return names.level(s);
    case 'method':
      return names.method(s);
    case 'audience':
      return names.audience(s);
    case 'status':
      return names.status(s);
    case 'adoption':
      return names.adoption(s);
    case 'townshipCode':
      return township ? township(s) : s;
    default:
      return s;
  }
}

const same = (a: unknown, b: unknown) => (empty(a) && empty(b)) || JSON.stringify(a) === JSON.stringify(b);

/**
 * Rows comparing two snapshots (before null: the first version, every present field counts as
 * changed). `only` limits the rows to those fields; fields absent from both snapshots are left out.
 */
export function diffRows(
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
  names: VocabNames,
  opts: { only?: readonly string[]; changedOnly?: boolean; township?: (code: string) => string } = {},
): DiffRow[] {
  const fields = opts.only ?? DIFF_FIELDS;
  const rows: DiffRow[] = [];
  for (const field of fields) {
    const b = before?.[field];
    const a = after[field];
    if (!(field in after) && !(before && field in before)) continue;
    const changed = before === null ? !empty(a) : !same(b, a);
    if (opts.changedOnly && !changed) continue;
    rows.push({
      field,
      label: EXTRA_LABELS[field] ?? names.element(field),
      before: before === null ? '—' : displayValue(field, b, names, opts.township),
      after: displayValue(field, a, names, opts.township),
      changed,
    });
  }
  return rows;
}

/** The last published snapshot before a given version (the base a reviewer compares against). */
export function lastPublishedBefore<V extends { version: number; status: string; snapshot: Record<string, unknown> }>(
  versions: readonly V[],
  version: number,
): V | null {
  let found: V | null = null;
  for (const v of versions) if (v.status === 'published' && v.version < version && (!found || v.version > found.version)) found = v;
  return found;
}

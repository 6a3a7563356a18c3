/**
 * 标准指引管理: the province's working copy of a domain set against its current published version.
 * Pure (the diff itself is core's `diffGuidelines`), so the page's states are unit-tested.
 */
import { STANDARD_ITEM_FIELDS, type StandardItem, diffGuidelines } from '@zwgk/core';

/** A working-copy item as the hub returns it. */
export interface WorkingStandardItem extends StandardItem {
  retiredAt: string | null;
  updatedAt: string;
  updatedBy: string;
}

/** What publishing would do to one working-copy item. */
export type WorkingState = 'same' | 'added' | 'changed' | 'removing' | 'retired';

export const WORKING_STATE_NAMES: Record<WorkingState, string> = {
  same: '未修改',
  added: '新增，待发布',
  changed: '已修改，待发布',
  removing: '已停用，发布后删除',
  retired: '已停用',
};
export const WORKING_STATE_BADGE: Record<WorkingState, 'neutral' | 'ok' | 'warn' | 'danger'> = {
  same: 'neutral',
  added: 'ok',
  changed: 'warn',
  removing: 'danger',
  retired: 'neutral',
};

export interface WorkingRow {
  item: StandardItem;
  retiredAt: string | null;
  updatedAt: string;
  updatedBy: string;
  state: WorkingState;
  /** the elements that differ from the current version (changed items only) */
  changedFields: string[];
}

/** The elements of a standard item, without the working copy's bookkeeping. */
export const elementsOf = (w: StandardItem): StandardItem => {
  const out: Record<string, unknown> = { id: w.id };
  for (const f of STANDARD_ITEM_FIELDS) out[f] = w[f];
  out.audienceNote = w.audienceNote ?? null;
  return out as StandardItem;
};

/**
 * The working copy against the current version: every working item with its state, and the diff
 * publishing would make (the active items against the current version's items).
 */
export function compareWorkingCopy(working: readonly WorkingStandardItem[], current: readonly StandardItem[] | null) {
  const active = working.filter((w) => !w.retiredAt).map(elementsOf);
  const diff = diffGuidelines(current ?? [], active);
  const inCurrent = new Set((current ?? []).map((i) => i.id));
  const added = new Set(diff.added.map((i) => i.id));
  const changed = new Map(diff.changed.map((c) => [c.id, c.fields as string[]]));
  const rows: WorkingRow[] = working.map((w) => {
    const state: WorkingState = w.retiredAt
      ? inCurrent.has(w.id) ? 'removing' : 'retired'
      : added.has(w.id) ? 'added'
      : changed.has(w.id) ? 'changed'
      : 'same';
    return { item: elementsOf(w), retiredAt: w.retiredAt, updatedAt: w.updatedAt, updatedBy: w.updatedBy, state, changedFields: changed.get(w.id) ?? [] };
  });
  return { rows, diff, pending: diff.added.length + diff.removed.length + diff.changed.length };
}

/**
 * A short fingerprint of what would be published. The confirmation form carries the one the
 * admin saw; if the working copy changed in between, the publication is refused and shown again.
 */
export function workingFingerprint(working: readonly WorkingStandardItem[]): string {
  const active = working
    .filter((w) => !w.retiredAt)
    .map(elementsOf)
    .sort((a, b) => a.id.localeCompare(b.id));
  const text = JSON.stringify(active);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${active.length}-${h.toString(16).padStart(8, '0')}`;
}

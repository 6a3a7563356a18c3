/**
 * What the console forms post (review decisions, selections, not-applicable declarations,
 * adoption with local changes, standard items), turned into the backends' inputs. Pure, so the
 * parsing is unit-tested; the backends' own validation stays the source of truth for the rules.
 */
import { CATALOG_TEXT_FIELDS, type CatalogFormValues } from './catalog-form';

const str = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

/** A positive integer version, or undefined. */
export function readVersion(form: FormData, name = 'version'): number | undefined {
  const n = Number(str(form, name));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The selected ids (checkboxes named `ids`), once each, in the order posted. */
export function readIds(form: FormData, name = 'ids'): string[] {
  const out = new Set<string>();
  for (const v of form.getAll(name)) {
    if (typeof v !== 'string') continue;
    const id = v.trim();
    if (id && id.length <= 200) out.add(id);
  }
  return [...out];
}

export interface ReviewFormValues {
  id: string;
  version: number | undefined;
  decision: 'approve' | 'return' | '';
  comments: string;
}

/** A reviewer's per-item decision: returning needs a comment; approving takes an optional one. */
export function readReviewForm(form: FormData): { values: ReviewFormValues; error: string | null } {
  const decision = str(form, 'decision');
  const values: ReviewFormValues = {
    id: str(form, 'id').trim(),
    version: readVersion(form),
    decision: decision === 'approve' || decision === 'return' ? decision : '',
    comments: str(form, 'comments').trim(),
  };
  if (!values.id) return { values, error: '缺少事项编号' };
  if (!values.decision) return { values, error: '请选择审核结论' };
  if (values.decision === 'return' && !values.comments) return { values, error: '退回时必须填写审核意见，说明需要修改的地方' };
  if (values.comments.length > 4000) return { values, error: '审核意见不能超过4000字' };
  return { values, error: null };
}

export const MIN_REASON = 5;

/** A not-applicable declaration: the standard item and a reason of at least 5 characters. */
export function readExemptionForm(form: FormData): { standardItemId: string; reason: string; error: string | null } {
  const standardItemId = str(form, 'standardItemId').trim();
  const reason = str(form, 'reason').trim();
  if (!standardItemId) return { standardItemId, reason, error: '缺少标准事项编号' };
  if ([...reason].length < MIN_REASON) return { standardItemId, reason, error: `请说明不适用的理由（至少${MIN_REASON}个字）` };
  if ([...reason].length > 1000) return { standardItemId, reason, error: '理由不能超过1000个字' };
  return { standardItemId, reason, error: null };
}

/** The elements of a standard item the adoption form prefills. */
export interface StandardElements {
  content: string;
  legalBasis: string;
  timeLimit: string;
  responsibleBody: string;
  method: string;
  channels: readonly string[];
  audience: string;
  audienceNote?: string | null;
  name: string;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * 调整后采用: only what the county changed goes to the node as overrides (the node copies the rest
 * from the standard item, and any override makes the item 已调整). Level and township are not
 * elements of the standard item: they are sent apart.
 */
export function adoptOverrides(standard: StandardElements, v: CatalogFormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of CATALOG_TEXT_FIELDS) {
    if (v[f].trim() !== (standard[f] ?? '').trim()) out[f] = v[f];
  }
  if (v.method !== standard.method) out.method = v.method;
  if (!sameSet(v.channels, standard.channels)) out.channels = v.channels;
  if (v.audience !== standard.audience) out.audience = v.audience;
  const note = v.audience === 'specific' ? v.audienceNote.trim() || null : null;
  if (note !== (standard.audience === 'specific' ? (standard.audienceNote ?? null) : null)) out.audienceNote = note;
  return out;
}

export interface StandardFormValues {
  category: string;
  name: string;
  content: string;
  legalBasis: string;
  timeLimit: string;
  responsibleBody: string;
  method: string;
  channels: string[];
  audience: string;
  audienceNote: string;
  levels: string[];
}

/** The province's standard-item form (标准指引管理). */
export function readStandardForm(form: FormData): StandardFormValues {
  const list = (name: string) => [...new Set(form.getAll(name).filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()))];
  return {
    category: str(form, 'category'),
    name: str(form, 'name'),
    content: str(form, 'content'),
    legalBasis: str(form, 'legalBasis'),
    timeLimit: str(form, 'timeLimit'),
    responsibleBody: str(form, 'responsibleBody'),
    method: str(form, 'method'),
    channels: list('channels'),
    audience: str(form, 'audience'),
    audienceNote: str(form, 'audienceNote'),
    levels: list('levels'),
  };
}

/** The standard item to send: trimmed text; the audience note only for 特定群体. */
export function toStandardInput(v: StandardFormValues): Record<string, unknown> {
  return {
    category: v.category.trim(),
    name: v.name.trim(),
    content: v.content.trim(),
    legalBasis: v.legalBasis.trim(),
    timeLimit: v.timeLimit.trim(),
    responsibleBody: v.responsibleBody.trim(),
    method: v.method,
    channels: v.channels,
    audience: v.audience,
    audienceNote: v.audience === 'specific' && v.audienceNote.trim() ? v.audienceNote.trim() : null,
    levels: v.levels,
  };
}

export const emptyStandardForm = (): StandardFormValues => ({
  category: '',
  name: '',
  content: '',
  legalBasis: '',
  timeLimit: '信息形成或者变更之日起20个工作日内',
  responsibleBody: '',
  method: 'proactive',
  channels: ['website'],
  audience: 'public',
  audienceNote: '',
  levels: ['county'],
});

/** Days until a date (YYYY-MM-DD) from today (YYYY-MM-DD); negative when past. */
export function daysBetween(today: string, date: string): number {
  return Math.round((Date.parse(`${date.slice(0, 10)}T00:00:00Z`) - Date.parse(`${today.slice(0, 10)}T00:00:00Z`)) / 86_400_000);
}

/**
 * The catalog-item form (事项目录 create/edit): what the browser posts, turned into the
 * `CatalogItemInput` the county node validates. Pure, so the parsing is unit-tested; the node's
 * validation (and its Chinese messages) stays the single source of truth for the rules.
 */
import { CHANNELS } from '@zwgk/core';

export const CATALOG_TEXT_FIELDS = ['name', 'content', 'legalBasis', 'timeLimit', 'responsibleBody'] as const;

/** What the form shows: every field as the user typed it, so a failed submit loses nothing. */
export interface CatalogFormValues {
  domain: string;
  level: string;
  townshipCode: string;
  name: string;
  content: string;
  legalBasis: string;
  timeLimit: string;
  responsibleBody: string;
  method: string;
  channels: string[];
  audience: string;
  audienceNote: string;
}

export const emptyCatalogForm = (): CatalogFormValues => ({
  domain: '',
  level: 'county',
  townshipCode: '',
  name: '',
  content: '',
  legalBasis: '',
  timeLimit: '',
  responsibleBody: '',
  method: 'proactive',
  channels: [],
  audience: 'public',
  audienceNote: '',
});

const CHANNEL_ORDER = new Map<string, number>(CHANNELS.map((c, i) => [c.code, i]));

/**
 * The checked channels, once each, in the catalog's usual order (as CHANNELS lists them);
 * unknown codes are kept at the end so the node can reject them by name.
 */
export function parseChannels(form: FormData): string[] {
  const seen = new Set<string>();
  for (const v of form.getAll('channels')) {
    if (typeof v !== 'string') continue;
    const code = v.trim();
    if (code) seen.add(code);
  }
  return [...seen].sort((a, b) => (CHANNEL_ORDER.get(a) ?? 1e6) - (CHANNEL_ORDER.get(b) ?? 1e6));
}

const str = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

export function readCatalogForm(form: FormData): CatalogFormValues {
  return {
    domain: str(form, 'domain'),
    level: str(form, 'level'),
    townshipCode: str(form, 'townshipCode'),
    name: str(form, 'name'),
    content: str(form, 'content'),
    legalBasis: str(form, 'legalBasis'),
    timeLimit: str(form, 'timeLimit'),
    responsibleBody: str(form, 'responsibleBody'),
    method: str(form, 'method'),
    channels: parseChannels(form),
    audience: str(form, 'audience'),
    audienceNote: str(form, 'audienceNote'),
  };
}

/**
 * The item to send. A county-level item never carries a township (the select may still hold one
 * from before the level was changed), and a 全社会 item no audience note. Empty optional fields
 * become null; required text is sent as typed, so the node reports what is missing.
 */
export function toCatalogInput(v: CatalogFormValues): Record<string, unknown> {
  return {
    domain: v.domain,
    level: v.level,
    townshipCode: v.level === 'township' && v.townshipCode.trim() ? v.townshipCode.trim() : null,
    name: v.name,
    content: v.content,
    legalBasis: v.legalBasis,
    timeLimit: v.timeLimit,
    responsibleBody: v.responsibleBody,
    method: v.method,
    channels: v.channels,
    audience: v.audience,
    audienceNote: v.audience === 'specific' && v.audienceNote.trim() ? v.audienceNote.trim() : null,
  };
}

/** The form values for an existing item (edit page). */
export function catalogItemToForm(item: {
  domain: string;
  level: string;
  townshipCode: string | null;
  name: string;
  content: string;
  legalBasis: string;
  timeLimit: string;
  responsibleBody: string;
  method: string;
  channels: readonly string[];
  audience: string;
  audienceNote: string | null;
}): CatalogFormValues {
  return {
    domain: item.domain,
    level: item.level,
    townshipCode: item.townshipCode ?? '',
    name: item.name,
    content: item.content,
    legalBasis: item.legalBasis,
    timeLimit: item.timeLimit,
    responsibleBody: item.responsibleBody,
    method: item.method,
    channels: [...item.channels],
    audience: item.audience,
    audienceNote: item.audienceNote ?? '',
  };
}

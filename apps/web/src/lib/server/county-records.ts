/** What the county console's record pages share on the server. */
import {
  DOMAINS,
  RECORD_ACTION_ROLES,
  RECORD_ATTRIBUTE_NAMES,
  RECORD_STATUS_NAMES,
  RECORD_VALIDITY_NAMES,
  type RecordAction,
  htmlToText,
} from '@zwgk/core';
import type { RecordFormValues } from '$lib/record-form';
import type { CountyClient } from './trpc';

export const RECORD_DRAFTER_ROLES: readonly string[] = ['county_admin', 'county_editor'];
export const canDraft = (role: string) => RECORD_DRAFTER_ROLES.includes(role);
export const mayTake = (role: string, action: RecordAction) => RECORD_ACTION_ROLES[action].includes(role);

export const RECORD_VOCAB = {
  domains: DOMAINS.map((d) => ({ code: d.code, no: d.no, name: d.name })),
  statuses: { ...RECORD_STATUS_NAMES } as Record<string, string>,
  attributes: { ...RECORD_ATTRIBUTE_NAMES } as Record<string, string>,
  validities: { ...RECORD_VALIDITY_NAMES } as Record<string, string>,
};

const domainName = new Map<string, string>(DOMAINS.map((d) => [d.code, d.name]));

/** The county's catalog items for the 对应事项 select (the node checks the domain matches). */
export async function catalogChoices(client: CountyClient) {
  const list = await client.catalog.list.query({ limit: 200 });
  return list.items
    .map((it) => ({ id: it.id, name: it.name, domain: it.domain, domainName: domainName.get(it.domain) ?? it.domain }))
    .sort((a, b) => a.domain.localeCompare(b.domain) || a.name.localeCompare(b.name, 'zh-CN'));
}

/** A stored record back into the form (its sanitised body as lines of text). */
export function recordToForm(r: {
  title: string;
  body: string;
  issuingBody: string;
  docNo: string | null;
  writtenOn: string;
  domain: string;
  catalogItemId: string | null;
  attribute: string;
  withheldGround: string | null;
  targetGroups: string[];
  docCategory?: string | null;
}): RecordFormValues {
  return {
    title: r.title,
    body: htmlToText(r.body),
    issuingBody: r.issuingBody,
    docNo: r.docNo ?? '',
    writtenOn: r.writtenOn,
    domain: r.domain,
    catalogItemId: r.catalogItemId ?? '',
    attribute: r.attribute,
    withheldGround: r.withheldGround ?? '',
    targetGroups: r.targetGroups.join('、'),
    docCategory: r.docCategory ?? '',
  };
}

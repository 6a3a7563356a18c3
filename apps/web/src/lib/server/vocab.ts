import {
  ADOPTIONS,
  ADOPTION_NAMES,
  AUDIENCES,
  AUDIENCE_NAMES,
  CATALOG_ELEMENT_NAMES,
  CATALOG_LEVELS,
  CATALOG_LEVEL_NAMES,
  CATALOG_STATUSES,
  CATALOG_STATUS_NAMES,
  CHANNELS,
  DISCLOSURE_METHODS,
  DISCLOSURE_METHOD_NAMES,
  DOMAINS,
} from '@zwgk/core';
import type { Vocab } from '$lib/vocab';

export const VOCAB: Vocab = {
  domains: DOMAINS.map((d) => ({ no: d.no, code: d.code, name: d.name })),
  levels: CATALOG_LEVELS.map((code) => ({ code, name: CATALOG_LEVEL_NAMES[code] })),
  statuses: CATALOG_STATUSES.map((code) => ({ code, name: CATALOG_STATUS_NAMES[code] })),
  methods: DISCLOSURE_METHODS.map((code) => ({ code, name: DISCLOSURE_METHOD_NAMES[code] })),
  audiences: AUDIENCES.map((code) => ({ code, name: AUDIENCE_NAMES[code] })),
  channels: CHANNELS.map((c) => ({ code: c.code, name: c.name })),
  adoptions: ADOPTIONS.map((code) => ({ code, name: ADOPTION_NAMES[code] })),
  elementNames: { ...CATALOG_ELEMENT_NAMES },
};

const domainNo = new Map<string, number>(DOMAINS.map((d) => [d.code, d.no]));
/** Sort key of a domain: its place in the seed's list of 26. */
export const domainOrder = (code: string): number => domainNo.get(code) ?? 99;

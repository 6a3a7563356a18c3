/**
 * Subject and stream names of protocol v1. Everything is derived from two names so that tests
 * (and a second province on the same NATS) can run in isolation: a subject root and a stream
 * prefix.
 */
export interface FederationNames {
  subjectRoot: string;
  streamPrefix: string;
}

export const DEFAULT_NAMES: FederationNames = { subjectRoot: 'zwgk', streamPrefix: 'ZWGK' };

const COUNTY_CODE = /^\d{6}$/;

export function subjects(n: FederationNames) {
  const r = `${n.subjectRoot}.v1`;
  return {
    countyEvent: (code: string, kind: string) => `${r}.county.${code}.${kind}`,
    countyPrefix: (code: string) => `${r}.county.${code}.>`,
    countyAll: `${r}.county.>`,
    hubToCounty: (code: string, kind: string) => `${r}.hub.county.${code}.${kind}`,
    hubToCountyAll: (code: string) => `${r}.hub.county.${code}.>`,
    hubAll: `${r}.hub.>`,
    /** `R.v1.county.<code>.<kind...>` → the county the subject speaks for, and the kind. */
    parseCountySubject(subject: string): { countyCode: string; kind: string } | null {
      const prefix = `${r}.county.`;
      if (!subject.startsWith(prefix)) return null;
      const rest = subject.slice(prefix.length);
      const dot = rest.indexOf('.');
      if (dot < 0) return null;
      const countyCode = rest.slice(0, dot);
      const kind = rest.slice(dot + 1);
      if (!COUNTY_CODE.test(countyCode) || !kind) return null;
      return { countyCode, kind };
    },
  };
}

export const streamNames = (n: FederationNames) => ({ county: `${n.streamPrefix}_COUNTY`, hub: `${n.streamPrefix}_HUB` });

export const HUB_INGEST_CONSUMER = 'hub-ingest';
export const countyConsumerName = (code: string): string => `county-${code}`;

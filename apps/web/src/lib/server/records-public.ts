/** What the public record pages share on the server: names for the filters, region choices. */
import { DOMAINS, RECORD_ATTRIBUTE_NAMES, RECORD_VALIDITY_NAMES, children, cities, countyByCode6, regionByCode } from '@zwgk/core';

export interface RegionChoice {
  code: string;
  name: string;
  counties: { code: string; name: string }[];
}

/** City → county choices for the region filter (GB/T 2260 counties only, in code order). */
export function regionChoices(): RegionChoice[] {
  return cities().map((c) => ({
    code: c.code6!,
    name: c.name,
    counties: children(c.code6!)
      .filter((r) => r.level === 'county' && r.inGBT2260)
      .map((r) => ({ code: r.code6!, name: r.name })),
  }));
}

export const regionName = (code: string): string | null => regionByCode(code)?.name ?? null;
export const countyName = (code: string): string | null => countyByCode6(code)?.name ?? null;

export const RECORD_NAMES = {
  domains: DOMAINS.map((d) => ({ code: d.code, name: d.name })),
  attributes: { ...RECORD_ATTRIBUTE_NAMES } as Record<string, string>,
  validities: { ...RECORD_VALIDITY_NAMES } as Record<string, string>,
};

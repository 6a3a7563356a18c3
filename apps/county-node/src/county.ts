import { cityOf, countyByCode6, townshipsOf } from '@zwgk/core/regions';

/** The county a node serves, as the region registry describes it. */
export interface County {
  code: string;
  name: string;
  cityName: string | null;
  townships: { code: string; name: string }[];
  townshipCodes: ReadonlySet<string>;
}

export function countyFromRegistry(code6: string): County {
  const region = countyByCode6(code6);
  if (!region) throw new Error(`${code6} is not a county-level division in the region registry`);
  const townships = townshipsOf(code6).map((t) => ({ code: t.code, name: t.name }));
  return {
    code: code6,
    name: region.name,
    cityName: cityOf(code6)?.name ?? null,
    townships,
    townshipCodes: new Set(townships.map((t) => t.code)),
  };
}

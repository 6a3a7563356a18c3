/**
 * Sample buckets: every search document carries two extra lexemes derived from a hash of its
 * record id, a coarse one `#<h mod 64>` and a fine one `##<h mod 4096>`. Asking the GIN index for
 * the query's words AND some buckets yields a uniform random subset of the matches without
 * reading any table row first, which is how facets, totals and compound confirmation stay cheap on
 * broad queries. `#` never comes out of a user's query (the parser drops it), so these lexemes
 * cannot be searched for.
 */
export const SAMPLE_BUCKETS = 64;
export const FINE_BUCKETS = 4096;

/** FNV-1a of the id's UTF-16 code units: stable across processes and Postgres versions. */
export function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export const sampleBucket = (id: string): number => idHash(id) % SAMPLE_BUCKETS;

/** The two sample lexemes of a document. */
export const sampleLexemes = (id: string): [string, string] => {
  const h = idHash(id);
  return [`#${h % SAMPLE_BUCKETS}`, `##${h % FINE_BUCKETS}`];
};

export interface Sample {
  /** tsquery text, cast with `::tsquery` */
  query: string;
  /** the share of all documents it selects */
  fraction: number;
}

/**
 * The buckets that select at least `fraction` of the documents (at most 64 lexemes): coarse
 * buckets down to 1/64, fine ones below.
 */
export function sampleFor(fraction: number): Sample {
  const f = Math.min(1, Math.max(1 / FINE_BUCKETS, fraction));
  const [prefix, n] = f >= 1 / SAMPLE_BUCKETS ? ['#', SAMPLE_BUCKETS] : ['##', FINE_BUCKETS];
  const k = Math.min(SAMPLE_BUCKETS, Math.ceil(f * n));
  return { query: Array.from({ length: k }, (_, b) => `'${prefix}${b}'`).join(' | '), fraction: k / n };
}

/**
 * A Postgres array literal (`{"a",NULL,"b"}`) for one column of an `unnest` insert, sent as a
 * single text parameter and cast in SQL (the same encoding ingest uses).
 */
export function arrayLiteral(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}

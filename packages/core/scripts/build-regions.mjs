#!/usr/bin/env node
/**
 * Builds packages/core/data/regions.json and villages.json from the Hebei divisions extract
 * (hebei-divisions.json; provenance and licences in data/SOURCES.md).
 *
 * Run by hand when the reference data changes, then commit both outputs:
 *
 *   node packages/core/scripts/build-regions.mjs path/to/hebei-divisions.json
 *
 * regions.json holds the province, the city-level units, every county-level row (GB/T 2260
 * divisions and the statistical-only 功能区 zones, told apart by `inGBT2260`) and the townships;
 * core imports it. villages.json holds the villages as [code, name, parentCode, type] arrays; it is
 * over ten times larger, so core never imports it and apps load it on demand (buildVillageIndex).
 * Both files are written one row per line so that a data update diffs readably.
 */
import console from 'node:console';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const source = process.argv[2];
if (!source) {
  console.error('usage: node build-regions.mjs path/to/hebei-divisions.json');
  process.exit(2);
}

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');
const rows = JSON.parse(readFileSync(source, 'utf8'));

const byCode = new Map(rows.map((r) => [r.code, r]));
for (const r of rows) {
  if (!/^\d{12}$/.test(r.code)) throw new Error(`bad code ${r.code}`);
  if (r.parentCode !== null && !byCode.has(r.parentCode)) throw new Error(`${r.code}: unknown parent ${r.parentCode}`);
}
if (byCode.size !== rows.length) throw new Error('duplicate codes');

const compact = (r) => {
  const out = { code: r.code };
  if (r.code6) out.code6 = r.code6;
  out.name = r.name;
  out.level = r.level;
  out.parentCode = r.parentCode;
  if (r.type) out.type = r.type;
  if (r.level === 'county') out.inGBT2260 = r.inGBT2260 === true;
  return out;
};

const lines = (items) => `[\n${items.map((i) => JSON.stringify(i)).join(',\n')}\n]\n`;

const regions = rows.filter((r) => r.level !== 'village').map(compact);
const villages = rows.filter((r) => r.level === 'village').map((r) => [r.code, r.name, r.parentCode, r.type]);

writeFileSync(join(outDir, 'regions.json'), lines(regions));
writeFileSync(join(outDir, 'villages.json'), lines(villages));

const count = (level) => regions.filter((r) => r.level === level).length;
console.log(
  `regions.json: ${count('province')} province, ${count('city')} city-level, ${count('county')} county-level ` +
    `(${regions.filter((r) => r.inGBT2260).length} in GB/T 2260), ${count('township')} townships; ` +
    `villages.json: ${villages.length} villages`,
);

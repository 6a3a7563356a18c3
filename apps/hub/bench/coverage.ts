/**
 * Coverage matrix figures: 167 counties, each with published catalog items for about 70 % of the
 * current standard items (and a few not-applicable declarations), then `GET /api/v1/coverage`
 * (all counties × 26 domains) timed over several runs, with the process's peak RSS.
 *
 *   tsx bench/coverage.ts
 */
import { performance } from 'node:perf_hooks';
import { jetstreamManager } from '@nats-io/jetstream';
import { STARTING_STANDARDS, generateNodeKeys } from '@zwgk/core';
import { counties } from '@zwgk/core/regions';
import { connectNats, streamNames } from '@zwgk/federation';
import { createTestDatabase, testServices, uniqueNatsNames } from '@zwgk/testing';
import pino from 'pino';
import { createHub } from '../src/hub.js';

const { natsUrl } = testServices();
const database = await createTestDatabase();
const names = uniqueNatsNames();
const hub = createHub({ databaseUrl: database.url, natsUrl, names, hubKeys: generateNodeKeys(), logger: pino({ level: 'warn' }) });
const rss = () => Math.round(process.memoryUsage().rss / 1024 / 1024);

try {
  await hub.start();
  const sql = hub.db.sql;
  const all = counties().map((c) => c.code6!);
  const now = new Date().toISOString();
  let items = 0;
  let rand = 7;
  const random = () => ((rand = (rand * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const t0 = performance.now();
  for (const county of all) {
    const rows: Record<string, unknown>[] = [];
    const versions: Record<string, unknown>[] = [];
    const exemptions: Record<string, unknown>[] = [];
    for (const s of STARTING_STANDARDS) {
      const r = random();
      if (r < 0.05) {
        exemptions.push({ county_code: county, standard_item_id: s.id, reason: '本县无此类事项，经核实不适用', version: 1, at: now });
        continue;
      }
      if (r > 0.75) continue;
      const id = `${county}-${s.id}`;
      const item = { id, countyCode: county, domain: s.domain, level: 'county', name: s.name, standardItemId: s.id };
      rows.push({
        id, county_code: county, domain: s.domain, level: 'county', name: s.name, content: s.content,
        legal_basis: s.legalBasis, time_limit: s.timeLimit, responsible_body: s.responsibleBody, method: s.method,
        channels: JSON.stringify(s.channels), audience: s.audience, category: s.category, standard_item_id: s.id, adoption: 'adopted',
        status: 'published', version: 2, created_at: now, updated_at: now,
      });
      versions.push({ item_id: id, version: 2, county_code: county, domain: s.domain, standard_item_id: s.id, adoption: 'adopted', status: 'published', snapshot: JSON.stringify(item), published_at: now });
    }
    items += rows.length;
    if (rows.length) await sql`insert into catalog_items ${sql(rows)}`;
    if (versions.length) await sql`insert into catalog_item_versions ${sql(versions)}`;
    if (exemptions.length) await sql`insert into catalog_exemptions ${sql(exemptions)}`;
  }
  const seedSeconds = (performance.now() - t0) / 1000;
  await sql`analyze`;
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    const res = await hub.app.request('/api/v1/coverage');
    const body = await res.text();
    times.push(performance.now() - t);
    bytes = body.length;
    if (res.status !== 200) throw new Error(`coverage answered ${res.status}: ${body.slice(0, 200)}`);
  }
  times.sort((a, b) => a - b);
  console.log(
    [
      '| figure | value |',
      '|---|---|',
      `| data | ${all.length} counties, ${items.toLocaleString('en-US')} published items, ${STARTING_STANDARDS.length} standard items (seeded in ${seedSeconds.toFixed(1)} s) |`,
      `| GET /api/v1/coverage (167 × 26 matrix, ${Math.round(bytes / 1024)} KB JSON) median / max of 7 | ${times[3]!.toFixed(0)} ms / ${times[6]!.toFixed(0)} ms |`,
      `| process peak RSS | ${rss()} MB |`,
    ].join('\n'),
  );
} finally {
  await hub.stop();
  const nc = await connectNats({ url: natsUrl, name: 'bench-cleanup' });
  const jsm = await jetstreamManager(nc);
  for (const s of Object.values(streamNames(names))) await jsm.streams.delete(s).catch(() => {});
  await nc.close();
  await database.drop();
}

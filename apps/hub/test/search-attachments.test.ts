/**
 * Attachments' text in province-wide search: PDF, DOCX and XLSX attachments arriving over NATS
 * as signed `info.attachment` chunks are reassembled, their text extracted and indexed with the
 * record, also when they arrive after the record was indexed; a malformed file costs only its
 * own text.
 */
import { createHash } from 'node:crypto';
import { ATTACHMENT_MEDIA_TYPES, type NodeKeys, type PublicRecord, attachmentChunks } from '@zwgk/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SearchResult, search } from '../src/search/query.js';
import { docxWithText, pdfWithText, xlsxWithRows } from './attachment-fixtures.js';
import { type TestHub, enrollCounty, envelope, publish, startTestHub, waitDrained, waitFor } from './helpers.js';

const A = '130102';
let t: TestHub;
let keys: NodeKeys;
let seq = 0;

const record = (id: string, title: string, body: string): PublicRecord => ({
  id,
  countyCode: A,
  townshipCode: null,
  version: 1,
  indexNo: `${A}-2025-${id}`,
  title,
  body,
  issuingBody: '长安区交通运输局',
  docNo: null,
  writtenOn: '2025-03-01',
  publishedOn: '2025-03-02',
  domain: 'major-projects',
  catalogItemId: null,
  attribute: 'proactive',
  label: '此件公开发布',
  validity: 'valid',
  validFrom: null,
  expiredOn: null,
  repealedOn: null,
  targetGroups: [],
  updatedAt: new Date().toISOString(),
});

async function sendRecord(r: PublicRecord) {
  await publish(t, envelope(A, ++seq, 'info.record', r.id, r.version, { op: 'upsert', record: r }, keys.signing.privateKey));
}

async function sendAttachment(recordId: string, attachmentId: string, name: string, mediaType: string, bytes: Uint8Array) {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  for (const body of attachmentChunks({ recordId, attachmentId, countyCode: A, name, mediaType, size: bytes.length, sha256 }, bytes)) {
    await publish(t, envelope(A, ++seq, 'info.attachment', attachmentId, body.chunk + 1, body, keys.signing.privateKey));
  }
}

/** Ingested, and the search index has caught up with every record. */
async function settled() {
  await waitDrained(t);
  await waitFor('search index caught up', async () => {
    const [row] = await t.hub.db.db.execute<{ n: number }>(sql`select count(*)::int as n from info_records where indexed_version < version`);
    return row!.n === 0;
  });
}

async function find(q: string): Promise<SearchResult> {
  const r = await search(t.hub.db.db, { q });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const ids = (r: SearchResult) => r.items.map((i) => i.id).sort();

beforeAll(async () => {
  t = await startTestHub();
  keys = await enrollCounty(t, A);
  await sendRecord(record('bridge', '关于下达交通建设资金的通知', '<p>详见附件。</p>'));
  await sendRecord(record('water', '农村供水工程建设情况', '<p>各乡镇工程进度见附件。</p>'));
  await sendRecord(record('subsidy', '补贴资金发放公示', '<p>公示名单见附件。</p>'));
  await sendRecord(record('broken', '道路养护计划', '<p>见附件。</p>'));
  await settled();
  // the attachments come after their records were indexed: completing one re-indexes its record
  await sendAttachment('bridge', 'att-pdf', '危桥改造项目表.pdf', ATTACHMENT_MEDIA_TYPES.pdf, pdfWithText('危旧桥梁加固工程 县道K12处'));
  await sendAttachment('water', 'att-docx', '工程进度.docx', ATTACHMENT_MEDIA_TYPES.docx, await docxWithText(['农村饮水安全巩固提升工程', '已完工38处']));
  await sendAttachment('subsidy', 'att-xlsx', '发放名单.xlsx', ATTACHMENT_MEDIA_TYPES.xlsx, await xlsxWithRows('名单', [['姓名', '项目'], ['王五', '耕地地力保护补贴']]));
  await sendAttachment('broken', 'att-bad', '养护路段明细.pdf', ATTACHMENT_MEDIA_TYPES.pdf, new TextEncoder().encode('%PDF-1.7\n% truncated before any object'));
  await waitFor('attachments complete', async () => {
    const [row] = await t.hub.db.db.execute<{ n: number }>(sql`select count(*)::int as n from record_attachments where complete`);
    return row!.n === 4;
  });
  await settled();
}, 120_000);

afterAll(async () => {
  await t?.close();
});


describe('attachments in search', () => {
  it('finds a record by a word that is only in its PDF, DOCX or XLSX attachment', async () => {
    expect(ids(await find('桥梁'))).toEqual(['bridge']);
    expect(ids(await find('饮水'))).toEqual(['water']);
    expect(ids(await find('耕地地力保护补贴'))).toEqual(['subsidy']);
    // a compound confirmed as written in the attachment's text, not only its parts
    expect(ids(await find('危旧桥梁'))).toEqual(['bridge']);
    expect((await find('桥梁 饮水')).total).toBe(0);
  });

  it('shows the excerpt from the attachment, with its name, when the hit is only there', async () => {
    const [hit] = (await find('桥梁')).items;
    expect(hit!.snippet).toBe('附件《危桥改造项目表.pdf》：危旧<mark>桥梁</mark>加固工程 县道K12处');
    // a hit in the body keeps the body's excerpt
    const body = (await find('进度')).items.find((i) => i.id === 'water')!;
    expect(body.snippet).toContain('<mark>进度</mark>见附件');
  });

  it('makes attachment names searchable, and a malformed file costs only its own text', async () => {
    expect(ids(await find('养护路段'))).toEqual(['broken']);
    const [row] = await t.hub.db.db.execute<{ status: string; text: string }>(
      sql`select status, text from search_attachment_texts where attachment_id = 'att-bad'`,
    );
    expect(row).toEqual({ status: 'failed', text: '' });
    expect(ids(await find('养护计划'))).toEqual(['broken']);
  });

  it('ranks a title hit above an attachment-only hit', async () => {
    await sendRecord(record('titled', '危旧桥梁加固工程实施方案', '<p>方案全文。</p>'));
    await settled();
    const r = await search(t.hub.db.db, { q: '桥梁', sort: 'relevance' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.items.map((i) => i.id)).toEqual(['titled', 'bridge']);
  });
});

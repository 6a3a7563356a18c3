import { createTRPCClient, httpLink } from '@trpc/client';
import { infoRequestEventBodySchema } from '@zwgk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCalendarYear, refreshCalendar } from '../src/services/requests.js';
import type { CountyRouter } from '../src/trpc/router.js';
import { checkOutbox, createTestNode, type TestNode } from './fixtures.js';

/** A clock fixed in China's working hours on `date`. */
const at = (date: string) => () => new Date(`${date}T02:00:00Z`);

const applicant = {
  name: '王小明',
  idType: '居民身份证',
  idNumber: '130102198805051234',
  phone: '13912345678',
  address: '石家庄市长安区中山东路1号',
};

const inPerson = (submittedOn: string, over: Record<string, unknown> = {}) => ({
  channel: 'inPerson',
  submittedOn,
  applicant,
  applicantType: 'naturalPerson',
  description: '申请公开2024年度本区城乡低保资金发放汇总表',
  deliveryForm: 'paper',
  ...over,
});

type Json = Record<string, unknown>;

async function call(t: TestNode, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const res = await t.req(method, path, { token, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, json: (await res.json()) as Json };
}

describe('information requests at the county (clock 2025-04-25)', () => {
  let t: TestNode;
  let token: string;
  beforeAll(async () => {
    t = await createTestNode();
    t.node.services.now = at('2025-04-25');
    token = await t.tokenFor('editor');
  });
  afterAll(() => t.close());

  const post = (path: string, body: unknown) => call(t, token, 'POST', path, body);
  const get = (path: string) => call(t, token, 'GET', path);

  it('registers with the §31 receipt date per channel and explains the due date', async () => {
    const r = await post('/api/v1/requests', inPerson('2025-03-24'));
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      trackingNo: '130102-2025-000001',
      status: 'received',
      receivedOn: '2025-03-24',
      channel: 'inPerson',
      dueOn: '2025-04-22',
      provisional: false,
      dueStatus: 'overdue',
      applicant: { name: '王小明', phone: '13912345678' },
    });
    const explanations = r.json.explanations as { label: string; text: string }[];
    expect(explanations.find((e) => e.label === '收到申请')?.text).toContain('以提交之日为收到申请之日');
    expect(explanations.find((e) => e.label === '答复期限')?.text).toContain('4月4日至4月6日 清明节放假（3天）');

    const mail = await post('/api/v1/requests', {
      ...inPerson('2025-03-20'),
      channel: 'registeredMail',
      submittedOn: undefined,
      sentOn: '2025-03-20',
      signedForOn: '2025-03-28',
      applicantType: 'commercialEnterprise',
      applicant: { ...applicant, organisationName: '河北某某科技有限公司' },
    });
    expect(mail.status).toBe(201);
    expect(mail.json).toMatchObject({ trackingNo: '130102-2025-000002', receivedOn: '2025-03-28', dueOn: '2025-04-27', dueStatus: 'dueSoon' });

    const today = await post('/api/v1/requests', { ...inPerson('2025-04-25'), deliveryForm: 'email' });
    expect(today.json).toMatchObject({ dueStatus: 'ok' });

    const future = await post('/api/v1/requests', inPerson('2025-04-28'));
    expect(future.status).toBe(400);
    const noDate = await post('/api/v1/requests', { ...inPerson('2025-04-01'), channel: 'fax' });
    expect(noDate.status).toBe(400);
    expect(JSON.stringify(noDate.json)).toContain('confirmedOn');
    const orgWithoutName = await post('/api/v1/requests', { ...inPerson('2025-04-01'), applicantType: 'researchInstitution' });
    expect(orgWithoutName.status).toBe(400);
  });

  it('lists the worklist by due date, filtered by due status', async () => {
    const all = await get('/api/v1/requests');
    const list = all.json.requests as { trackingNo: string; dueOn: string; dueStatus: string }[];
    expect(list.map((r) => r.trackingNo)).toEqual(['130102-2025-000001', '130102-2025-000002', '130102-2025-000003']);
    const overdue = await get('/api/v1/requests?dueStatus=overdue');
    expect((overdue.json.requests as unknown[]).length).toBe(1);
    const soon = await get('/api/v1/requests?dueStatus=dueSoon');
    expect((soon.json.requests as { trackingNo: string }[]).map((r) => r.trackingNo)).toEqual(['130102-2025-000002']);
    expect((await get('/api/v1/requests?status=replied')).json.requests).toEqual([]);
    expect((await get('/api/v1/requests?status=flying')).status).toBe(400);
  });

  it('runs the workflow: correction restarts the clock, consultation pauses it, one extension, reply, archive', async () => {
    const created = await post('/api/v1/requests', inPerson('2025-03-03'));
    const id = created.json.id as string;
    const step = (body: Json) => post(`/api/v1/requests/${id}/transitions`, body);
    expect((await step({ action: 'register', on: '2025-03-03' })).json).toMatchObject({ status: 'registered', dueOn: '2025-03-31' });
    const corr = await step({ action: 'requestCorrection', on: '2025-03-05', note: '请写明年度' });
    expect(corr.json).toMatchObject({ status: 'correctionRequested', dueOn: null });
    expect((await step({ action: 'receiveCorrection', on: '2025-03-10' })).json).toMatchObject({ status: 'corrected', dueOn: '2025-04-08' });
    await step({ action: 'startReview', on: '2025-03-11' });
    const paused = await step({ action: 'startConsultation', on: '2025-03-12', party: 'thirdParty' });
    expect(paused.json).toMatchObject({ status: 'consultation', dueOn: null });
    expect((await step({ action: 'endConsultation', on: '2025-03-18' })).json).toMatchObject({ status: 'processing', dueOn: '2025-04-15' });
    const ext = await step({ action: 'extend', on: '2025-04-10', workingDays: 10, approvedBy: '区政府办公室主任' });
    expect(ext.status).toBe(200);
    expect(ext.json.dueOn).toBe('2025-04-28'); // 4-16..18 (3), 4-21..25 (8), 4-27 Sunday make-up workday (9), 4-28 (10)
    const again = await step({ action: 'extend', on: '2025-04-11', workingDays: 5, approvedBy: '区政府办公室主任' });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ error: { code: 'invalid_state', details: { reason: 'timeline', timeline: { reason: 'extensionTwice' } } } });
    const stale = await step({ action: 'reply', version: 1, outcome: 'granted', replyText: 'x' });
    expect(stale.status).toBe(409);
    const replied = await step({ action: 'reply', on: '2025-04-24', outcome: 'partial', replyText: '经审查，部分公开，其余涉及第三方个人信息。' });
    expect(replied.json).toMatchObject({ status: 'replied', outcome: 'partial', outcomeName: '部分公开', repliedOn: '2025-04-24' });
    expect((replied.json.deadlines as Json).repliedOnTime).toBe(true);
    const archived = await step({ action: 'archive' });
    expect(archived.json).toMatchObject({ status: 'archived', actions: [] });
    const detail = await get(`/api/v1/requests/${id}`);
    const timeline = detail.json.timeline as { type: string; by: string }[];
    expect(timeline.map((e) => e.type)).toEqual([
      'received',
      'registered',
      'correctionRequested',
      'correctionReceived',
      'reviewStarted',
      'consultationStarted',
      'consultationEnded',
      'extended',
      'replied',
      'archived',
    ]);
    expect(timeline.every((e) => e.by === 'editor')).toBe(true);
    const labels = (detail.json.explanations as { label: string }[]).map((e) => e.label);
    expect(labels).toEqual(expect.arrayContaining(['收到申请', '补正', '征求意见', '答复期限', '延期', '答复']));
  });

  it('withdrawal before the reply; a reviewer cannot act', async () => {
    const created = await post('/api/v1/requests', inPerson('2025-04-21'));
    const id = created.json.id as string;
    const reviewer = await t.tokenFor('reviewer');
    expect((await call(t, reviewer, 'POST', `/api/v1/requests/${id}/transitions`, { action: 'register' })).status).toBe(403);
    const w = await post(`/api/v1/requests/${id}/transitions`, { action: 'withdraw', note: '申请人书面撤回' });
    expect(w.json).toMatchObject({ status: 'withdrawn' });
    const after = await post(`/api/v1/requests/${id}/transitions`, { action: 'reply', outcome: 'granted', replyText: '予以公开' });
    expect(after.status).toBe(409);
  });

  it('federates only what tracking and statistics need', () => {
    const rows = checkOutbox(t.node).filter((r) => r.envelope.kind === 'info.request');
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) {
      const text = JSON.stringify(r.envelope);
      for (const secret of ['王小明', '130102198805051234', '13912345678', '中山东路', '低保资金', '河北某某科技', '第三方个人信息', '区政府办公室主任']) {
        expect(text).not.toContain(secret);
      }
      expect(infoRequestEventBodySchema.safeParse(r.envelope.body).success).toBe(true);
    }
    const last = rows.at(-1)!.envelope.body as Json;
    expect(last).toMatchObject({ status: 'withdrawn', countyCode: '130102', applicantType: 'naturalPerson', channel: 'inPerson' });
    const audit = t.node.db.$client.prepare("select count(*) as n from audit_log where entity_type = 'info_request'").get() as { n: number };
    expect(audit.n).toBe(rows.length);
  });

  it('the annual report balances; a broken staff entry fails the checks', async () => {
    const r = await get('/api/v1/reports/annual/2025');
    expect(r.status).toBe(200);
    const table = r.json.requestTable as Record<string, Record<string, number> | Record<string, Record<string, number>>>;
    expect((table.newThisYear as Record<string, number>).total).toBe(5);
    expect((table.newThisYear as Record<string, number>).commercialEnterprise).toBe(1);
    const outcomes = table.outcomes as Record<string, Record<string, number>>;
    expect(outcomes.partial!.naturalPerson).toBe(1);
    expect(outcomes.otherOther!.total).toBe(1); // the withdrawal
    expect((table.carriedForward as Record<string, number>).total).toBe(3);
    expect(r.json.checks).toMatchObject({ requestTable: [], passes: false }); // section 四 not entered yet

    const good = { upheld: 1, corrected: 0, other: 0, pending: 1 };
    const admin = await t.tokenFor('admin');
    const ok = await call(t, admin, 'PUT', '/api/v1/reports/annual/2025/review-litigation', {
      review: good,
      litigationDirect: { ...good, total: 2 },
      litigationAfterReview: { upheld: 0, corrected: 0, other: 0, pending: 0 },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.checks).toMatchObject({ requestTable: [], reviewLitigation: [], passes: true });

    const broken = await call(t, admin, 'PUT', '/api/v1/reports/annual/2025/review-litigation', {
      review: { ...good, total: 5 },
      litigationDirect: good,
      litigationAfterReview: { upheld: 0, corrected: 0, other: 0, pending: 0 },
    });
    expect(broken.json.checks).toMatchObject({ passes: false });
    expect((broken.json.checks as { reviewLitigation: { field: string }[] }).reviewLitigation.map((i) => i.field)).toEqual(['review.total']);
    expect((await call(t, token, 'PUT', '/api/v1/reports/annual/2025/review-litigation', { review: good })).status).toBe(403);
    expect((await call(t, admin, 'PUT', '/api/v1/reports/annual/2025/review-litigation', { review: { upheld: -1 } })).status).toBe(400);
  });

  it('answers tRPC beside REST', async () => {
    const client = createTRPCClient<CountyRouter>({
      links: [
        httpLink({
          url: 'http://county.test/trpc',
          headers: () => ({ authorization: `Bearer ${token}` }),
          fetch: async (url, init) => t.node.app.request(String(url), init as RequestInit),
        }),
      ],
    });
    const list = await client.requests.list.query({ dueStatus: 'overdue' });
    expect(list.requests).toHaveLength(1);
    const one = await client.requests.get.query({ id: list.requests[0]!.id });
    expect(one.trackingNo).toBe('130102-2025-000001');
    const reg = await client.requests.register.mutate(inPerson('2025-04-25'));
    const moved = await client.requests.transition.mutate({ id: reg.id, action: 'replyOnTheSpot', outcome: 'granted', replyText: '当场提供' });
    expect(moved).toMatchObject({ status: 'replied', outcome: 'granted' });
    const report = await client.reports.annual.query({ year: 2025 });
    expect(report.checks.requestTable).toEqual([]);
    const due = await client.calendar.dueDate.query({ start: '2025-09-26', workingDays: 20 });
    expect(due.dueDate).toBe('2025-10-30');
  });
});

describe('the calendar at the county', () => {
  let t: TestNode;
  let token: string;
  beforeAll(async () => {
    t = await createTestNode();
    t.node.services.now = at('2026-12-15');
    token = await t.tokenFor('editor');
  });
  afterAll(() => t.close());

  it('answers due dates with an explanation, provisional for 2027', async () => {
    const res = await t.req('GET', '/api/v1/calendar/due-date?start=2026-12-10&workingDays=20');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ dueDate: '2027-01-07', provisional: true, provisionalYears: [2027] });
    expect(body.explanation).toContain('2027年放假安排尚未公布');
    const fixed = (await (await t.req('GET', '/api/v1/calendar/due-date?start=2025-09-26&workingDays=20')).json()) as Json;
    expect(fixed).toMatchObject({ dueDate: '2025-10-30', provisional: false });
    expect(fixed.explanation).toContain('国庆节、中秋节放假（8天）');
    expect((await t.req('GET', '/api/v1/calendar/due-date?start=2026-02-30&workingDays=20')).status).toBe(400);
    expect((await t.req('GET', '/api/v1/calendar/due-date?start=2026-02-03&workingDays=-1')).status).toBe(400);
  });

  it('loading a 2027 file recomputes an open request and records the change', async () => {
    const created = await call(t, token, 'POST', '/api/v1/requests', inPerson('2026-12-10'));
    expect(created.json).toMatchObject({ dueOn: '2027-01-07', provisional: true });
    const id = created.json.id as string;
    const file = {
      year: 2027,
      papers: [],
      days: [
        { name: '元旦', date: '2026-12-31', isOffDay: true },
        { name: '元旦', date: '2027-01-01', isOffDay: true },
      ],
    };
    const services = t.node.services;
    const r = services.db.transaction((tx) => applyCalendarYear(tx, services, { year: 2027, file, loadedAt: new Date().toISOString() }, 'test'));
    refreshCalendar(services.db);
    expect(r.ok && r.value.changes).toEqual([
      { trackingNo: created.json.trackingNo, oldDueOn: '2027-01-07', newDueOn: '2027-01-11', oldProvisional: true, newProvisional: false },
    ]);
    const after = await call(t, token, 'GET', `/api/v1/requests/${id}`);
    expect(after.json).toMatchObject({ dueOn: '2027-01-11', provisional: false, version: 2 });
    const recomputed = (after.json.timeline as { type: string; details: Json }[]).find((e) => e.type === 'recomputed');
    expect(recomputed?.details).toMatchObject({ oldDueOn: '2027-01-07', newDueOn: '2027-01-11' });
    const due = (await (await t.req('GET', '/api/v1/calendar/due-date?start=2026-12-10&workingDays=20')).json()) as Json;
    expect(due).toMatchObject({ dueDate: '2027-01-11', provisional: false });
    // persisted: a restarted node (a fresh calendar cache) counts with the loaded year
    refreshCalendar(services.db);
    expect(((await (await t.req('GET', '/api/v1/calendar/due-date?start=2026-12-10&workingDays=20')).json()) as Json).dueDate).toBe('2027-01-11');
    const last = checkOutbox(t.node).at(-1)!.envelope;
    expect(last).toMatchObject({ kind: 'info.request', entityVersion: '2', body: { dueOn: '2027-01-11', provisional: false } });
  });
});

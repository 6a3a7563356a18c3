import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNode, type TestNode, trpcClient } from './fixtures.js';

/** A clock fixed in China's working hours on `date`. */
const at = (date: string) => () => new Date(`${date}T02:00:00Z`);
type Json = Record<string, unknown>;

const inPerson = (submittedOn: string, name: string) => ({
  channel: 'inPerson',
  submittedOn,
  applicant: { name, phone: '13912345678' },
  applicantType: 'naturalPerson',
  description: '申请公开本区有关补助资金的发放文件',
  deliveryForm: 'paper',
});

interface Summary {
  id: string;
  trackingNo: string;
  dueStatus: string | null;
  correctionNotice: null | {
    dueOn: string;
    dueStatus: string;
    workingDaysLeft: number;
    workingDaysOver: number;
    drafted: boolean;
    draftedBy: string | null;
    draftedAt: string | null;
    provisional: boolean;
  };
}

interface DocEntry {
  kind: string;
  group: string;
  stage: string;
  note: string | null;
  edited: boolean;
  version: number;
  updatedBy: string | null;
}

/**
 * Clock 2025-10-10, after the National Day holiday: a request received on 26 September must have
 * its correction notice by 13 October (9-28 and 10-11 are make-up workdays, 10-1…10-8 are off).
 */
describe('correction notices awaiting issue (§30) and the documents of a request', () => {
  let t: TestNode;
  let editor: string;
  const ids: Record<string, string> = {};
  const call = async (method: string, path: string, body?: unknown, token = editor) => {
    const res = await t.req(method, path, { token, ...(body !== undefined ? { body } : {}) });
    return { status: res.status, json: (await res.json()) as Json };
  };
  const step = (id: string, body: Json) => call('POST', `/api/v1/requests/${id}/transitions`, body);
  const queue = async (extra = '') => {
    const r = await call('GET', `/api/v1/requests?queue=correctionNotice${extra}`);
    expect(r.status).toBe(200);
    return r.json.requests as Summary[];
  };
  const draftOf = async (id: string, edit: (paragraphs: string[]) => string[] = (p) => p) => {
    const doc = (await call('GET', `/api/v1/requests/${id}/documents/correctionNotice`)).json;
    return {
      title: doc.title,
      docNo: doc.docNo,
      addressee: doc.addressee,
      paragraphs: edit(doc.paragraphs as string[]),
      date: doc.date,
      issuer: doc.issuer,
      version: doc.version,
    };
  };

  beforeAll(async () => {
    t = await createTestNode();
    t.node.services.now = at('2025-10-10');
    editor = await t.tokenFor('editor');
    for (const [key, day] of [
      ['running', '2025-09-26'], // still inside the seven days, nobody has decided yet
      ['drafted', '2025-09-26'], // the clerk drafted the notice, not yet sent
      ['late', '2025-09-15'], // drafted, and the seventh working day (9-24) has passed
      ['stale', '2025-09-15'], // seven days passed without a draft
      ['reviewed', '2025-10-09'], // in review without a draft: judged clear
      ['requested', '2025-10-09'], // the notice has been sent
    ] as const) {
      const r = await call('POST', '/api/v1/requests', inPerson(day, `申请人${key}`));
      expect(r.status).toBe(201);
      ids[key] = r.json.id as string;
    }
    expect((await step(ids.drafted!, { action: 'register', on: '2025-09-26' })).status).toBe(200);
    expect((await step(ids.reviewed!, { action: 'register', on: '2025-10-09' })).status).toBe(200);
    expect((await step(ids.reviewed!, { action: 'startReview', on: '2025-10-10' })).status).toBe(200);
    expect((await step(ids.requested!, { action: 'requestCorrection', on: '2025-10-10', note: '请写明文件名称' })).status).toBe(200);
    for (const key of ['drafted', 'late'] as const) {
      const saved = await call('PUT', `/api/v1/requests/${ids[key]}/documents/correctionNotice`, await draftOf(ids[key]!));
      expect(saved.status).toBe(200);
    }
  });
  afterAll(() => t.close());

  it('lists the requests awaiting a correction notice by its due date, overdue ones first', async () => {
    const list = await queue();
    expect(list.map((r) => r.id)).toEqual([ids.late, ids.running, ids.drafted]);
    const [late, running, drafted] = list;
    expect(late!.correctionNotice).toMatchObject({ dueOn: '2025-09-24', dueStatus: 'overdue', workingDaysOver: 7, drafted: true, draftedBy: 'editor', provisional: false });
    expect(late!.dueStatus).toBe('ok'); // the reply itself is due on 10-17
    expect(running!.correctionNotice).toMatchObject({ dueOn: '2025-10-13', dueStatus: 'dueSoon', workingDaysLeft: 2, drafted: false, draftedBy: null });
    expect(drafted!.correctionNotice).toMatchObject({ dueOn: '2025-10-13', dueStatus: 'dueSoon', drafted: true });
    expect(typeof drafted!.correctionNotice!.draftedAt).toBe('string');

    expect((await queue('&dueStatus=overdue')).map((r) => r.id)).toEqual([ids.late]);
    expect((await call('GET', '/api/v1/requests?queue=flying')).status).toBe(400);

    // the other requests carry no correction-notice date
    const all = (await call('GET', '/api/v1/requests')).json.requests as Summary[];
    for (const key of ['stale', 'reviewed', 'requested'] as const) {
      expect(all.find((r) => r.id === ids[key])?.correctionNotice, key).toBeNull();
    }
  });

  it('counts a drafted notice in the due-soon and overdue lists, an undecided one not', async () => {
    const overdue = (await call('GET', '/api/v1/requests?dueStatus=overdue')).json.requests as Summary[];
    expect(overdue.map((r) => r.id)).toEqual([ids.late]);
    const soon = (await call('GET', '/api/v1/requests?dueStatus=dueSoon')).json.requests as Summary[];
    expect(soon.map((r) => r.id)).toEqual([ids.drafted]);
  });

  it('shows the status on the request, and sending the notice takes the request off the list', async () => {
    const detail = await call('GET', `/api/v1/requests/${ids.drafted}`);
    expect(detail.json.correctionNotice).toMatchObject({ dueOn: '2025-10-13', drafted: true });
    const sent = await step(ids.drafted!, { action: 'requestCorrection', on: '2025-10-10' });
    expect(sent.status).toBe(200);
    expect(sent.json.correctionNotice).toBeNull();
    expect((await queue()).map((r) => r.id)).toEqual([ids.late, ids.running]);
  });

  it('lists the documents a request can have at its stage, with who saved a draft', async () => {
    const docs = async (key: string) => {
      const r = await call('GET', `/api/v1/requests/${ids[key]}/documents`);
      expect(r.status, key).toBe(200);
      return r.json.documents as DocEntry[];
    };
    const running = await docs('running');
    expect(running.filter((d) => d.group === 'procedural').map((d) => [d.kind, d.stage])).toEqual([
      ['acknowledgement', 'issued'],
      ['correctionNotice', 'available'],
    ]);
    expect(running.find((d) => d.kind === 'correctionNotice')?.note).toContain('2025年10月13日前');
    // a reply is possible: one reply text per outcome, except the lapse, which needs a correction first
    const replies = running.filter((d) => d.group === 'reply').map((d) => d.kind);
    expect(replies).toHaveLength(20);
    expect(replies).not.toContain('otherNoCorrection');

    const requested = await docs('requested');
    expect(requested.map((d) => [d.kind, d.stage])).toEqual([
      ['acknowledgement', 'issued'],
      ['correctionNotice', 'issued'],
      ['otherNoCorrection', 'available'],
    ]);

    const reviewed = await docs('reviewed');
    expect(reviewed.map((d) => d.kind)).toEqual(expect.arrayContaining(['extensionNotice', 'thirdPartyConsultation', 'granted']));

    // replied: only the reply of its outcome, and the correction notice kept as a draft
    const late = ids.late!;
    expect((await step(late, { action: 'reply', on: '2025-10-10', outcome: 'unavailableNotHeld', replyText: '本机关未制作该信息。' })).status).toBe(200);
    const closed = await docs('late');
    expect(closed.map((d) => [d.kind, d.stage, d.edited])).toEqual([
      ['acknowledgement', 'issued', false],
      ['correctionNotice', 'draftOnly', true],
      ['unavailableNotHeld', 'issued', false],
    ]);
    expect(closed.find((d) => d.kind === 'correctionNotice')).toMatchObject({ version: 1, updatedBy: 'editor' });
    expect((await call('GET', '/api/v1/requests/nope/documents')).status).toBe(404);
  });

  it('tells which fields of a saved draft differ from the template and keeps the template beside it', async () => {
    const id = ids.running!;
    const before = (await call('GET', `/api/v1/requests/${id}/documents/correctionNotice`)).json;
    expect(before).toMatchObject({ edited: false, changedFields: [], template: null });
    const same = await call('PUT', `/api/v1/requests/${id}/documents/correctionNotice`, await draftOf(id));
    expect(same.json).toMatchObject({ edited: true, version: 1, changedFields: [] });
    const edited = await call(
      'PUT',
      `/api/v1/requests/${id}/documents/correctionNotice`,
      { ...(await draftOf(id, (p) => p.map((x, i) => (i === 2 ? '1. 请写明所需文件的文号或者发布年份。' : x)))), docNo: '长安政信补〔2025〕3号' },
    );
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ edited: true, version: 2, changedFields: ['docNo', 'paragraphs'] });
    expect((edited.json.template as { paragraphs: string[] }).paragraphs).toEqual(before.paragraphs);
    expect((edited.json.template as { docNo: string }).docNo).toBe(before.docNo);
  });

  it('answers the same over tRPC: requests.document.list and the correction-notice queue', async () => {
    const client = trpcClient(t, editor);
    const list = await client.requests.list.query({ queue: 'correctionNotice', status: 'received,registered,review' });
    expect(list.requests.map((r) => r.id)).toEqual([ids.running]);
    expect(list.requests[0]!.correctionNotice).toMatchObject({ drafted: true, dueOn: '2025-10-13' });
    const docs = await client.requests.document.list.query({ id: ids.requested! });
    expect(docs.documents.map((d) => d.kind)).toEqual(['acknowledgement', 'correctionNotice', 'otherNoCorrection']);
  });
});

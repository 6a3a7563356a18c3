import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR as cal } from '../calendar/index.js';
import {
  computeRequestDeadlines,
  dueStatus,
  receiptDate,
  type RequestDeadlines,
  type RequestTimelineEvent,
  type TimelineErrorReason,
} from './deadlines.js';

// Expected dates counted by hand from data/holidays-cn/<year>.json; see calendar.test.ts.

const compute = (timeline: RequestTimelineEvent[]): RequestDeadlines => {
  const r = computeRequestDeadlines(timeline, cal);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

const failure = (timeline: RequestTimelineEvent[]): { reason: TimelineErrorReason; index: number } => {
  const r = computeRequestDeadlines(timeline, cal);
  if (r.ok) throw new Error('expected a timeline error');
  return r.error.details;
};

const text = (d: RequestDeadlines, label: string) => d.explanations.find((e) => e.label === label)?.text ?? '';

describe('receiptDate (§31)', () => {
  it('uses the date the channel’s rule names', () => {
    expect(receiptDate({ channel: 'inPerson', submittedOn: '2025-09-26' })).toMatchObject({
      ok: true,
      value: { receivedOn: '2025-09-26', channel: 'inPerson' },
    });
    expect(receiptDate({ channel: 'registeredMail', sentOn: '2025-09-20', signedForOn: '2025-09-24' })).toMatchObject({
      ok: true,
      value: { receivedOn: '2025-09-24' },
    });
    const online = receiptDate({ channel: 'online', submittedOn: '2025-09-27', confirmedOn: '2025-09-29' });
    expect(online).toMatchObject({ ok: true, value: { receivedOn: '2025-09-29' } });
    if (online.ok) expect(online.value.rule).toContain('双方确认之日');
    expect(receiptDate({ channel: 'fax', confirmedOn: '2025-09-29' })).toMatchObject({ ok: true, value: { receivedOn: '2025-09-29' } });
    expect(receiptDate({ channel: 'ordinaryMail', arrivedOn: '2025-09-29', confirmedOn: '2025-09-29' })).toMatchObject({
      ok: true,
    });
  });

  it('rejects a missing date or a confirmation before the submission', () => {
    expect(receiptDate({ channel: 'online', submittedOn: '2025-09-29', confirmedOn: '2025-09-27' }).ok).toBe(false);
    expect(receiptDate({ channel: 'registeredMail' } as never).ok).toBe(false);
    expect(receiptDate({ channel: 'pigeon', submittedOn: '2025-09-29' } as never).ok).toBe(false);
  });
});

describe('computeRequestDeadlines', () => {
  it('reply due 20 working days after receipt, correction notice due 7', () => {
    const d = compute([{ type: 'received', on: '2025-09-26', channel: 'inPerson' }]);
    expect(d).toMatchObject({
      receivedOn: '2025-09-26',
      state: 'running',
      clockStartsOn: '2025-09-26',
      replyDueOn: '2025-10-30',
      effectiveDueOn: '2025-10-30',
      pausedWorkingDays: 0,
      provisional: false,
    });
    // 9-28 (1), 9-29 (2), 9-30 (3), 10-9 (4), 10-10 (5), 10-11 Sat (6), 10-13 (7)
    expect(d.correctionNoticeDueOn).toBe('2025-10-13');
    expect(text(d, '收到申请')).toContain('以提交之日为收到申请之日');
    expect(text(d, '答复期限')).toContain('国庆节、中秋节放假（8天）');
    expect(text(d, '答复期限')).toContain('第三十三条');
  });

  it('an on-the-spot reply is on time', () => {
    const d = compute([
      { type: 'received', on: '2025-06-03' },
      { type: 'replied', on: '2025-06-03' },
    ]);
    expect(d).toMatchObject({ state: 'replied', repliedOnTime: true, closedOn: '2025-06-03' });
    expect(text(d, '答复')).toContain('当场答复');
  });

  it('a correction restarts the clock from the corrected request', () => {
    // received 9-1 (Mon): notice due 9-2..5 (1–4), 9-8..10 (5–7) → 9-10; corrected request on 9-26 → 10-30
    const waiting = compute([
      { type: 'received', on: '2025-09-01' },
      { type: 'correctionRequested', on: '2025-09-03' },
    ]);
    expect(waiting).toMatchObject({
      state: 'awaitingCorrection',
      clockStartsOn: null,
      replyDueOn: null,
      effectiveDueOn: null,
      correctionNoticeDueOn: '2025-09-10',
      correctionRequestedOn: '2025-09-03',
    });
    expect(text(waiting, '补正')).toContain('等待申请人补正');
    const d = compute([
      { type: 'received', on: '2025-09-01' },
      { type: 'correctionRequested', on: '2025-09-03' },
      { type: 'correctionReceived', on: '2025-09-26' },
    ]);
    expect(d).toMatchObject({ state: 'running', clockStartsOn: '2025-09-26', replyDueOn: '2025-10-30', warnings: [] });
    expect(text(d, '补正')).toContain('重新计算');
  });

  it('warns about a correction notice sent after the 7 working days', () => {
    const d = compute([
      { type: 'received', on: '2025-09-01' },
      { type: 'correctionRequested', on: '2025-09-11' },
    ]);
    expect(d.warnings.map((w) => w.code)).toEqual(['correctionNoticeLate']);
  });

  it('a consultation pauses the clock for its working days', () => {
    // received 3-3: without pause due 3-31; third party consulted 3-10..3-14 (5 working days) → 4-8
    // (清明 4-4..6 in between). Third party's 15 working days from 3-10: 3-11..14, 17..21, 24..28, 31 → 3-31.
    const d = compute([
      { type: 'received', on: '2025-03-03' },
      { type: 'consultationStarted', on: '2025-03-10', party: 'thirdParty' },
      { type: 'consultationEnded', on: '2025-03-14' },
    ]);
    expect(d).toMatchObject({ state: 'running', replyDueOn: '2025-04-08', pausedWorkingDays: 5 });
    expect(d.pauses).toEqual([
      { from: '2025-03-10', to: '2025-03-14', party: 'thirdParty', workingDays: 5, opinionDueOn: '2025-03-31' },
    ]);
    expect(text(d, '征求意见')).toContain('征求第三方意见');
    expect(text(d, '答复期限')).toContain('征求第三方意见 3月10日至3月14日（5天，其中工作日5天不计入）');
  });

  it('an open consultation leaves the due date open and reports the days used', () => {
    const d = compute([
      { type: 'received', on: '2025-03-03' },
      { type: 'consultationStarted', on: '2025-03-10', party: 'otherOrgan' },
    ]);
    expect(d).toMatchObject({ state: 'paused', replyDueOn: null, effectiveDueOn: null, workingDaysUsed: 4 });
    expect(d.pauses[0]).toMatchObject({ from: '2025-03-10', to: null, workingDays: null });
    expect(text(d, '答复期限')).toContain('已计入4个工作日，尚余16个工作日');
  });

  it('overlapping consultations pause the union of their days', () => {
    // 3-10..3-14 and 3-12..3-18: paused 3-10..3-18, 7 working days;
    // 3-4..7 (1–4); 3-19..21 (5–7); 3-24..28 (8–12); 3-31..4-3 (13–16); 4-4..6 清明; 4-7..10 (17–20)
    const d = compute([
      { type: 'received', on: '2025-03-03' },
      { type: 'consultationStarted', on: '2025-03-10', party: 'thirdParty' },
      { type: 'consultationStarted', on: '2025-03-12', party: 'otherOrgan' },
      { type: 'consultationEnded', on: '2025-03-14' },
      { type: 'consultationEnded', on: '2025-03-18' },
    ]);
    expect(d.pausedWorkingDays).toBe(7);
    expect(d.replyDueOn).toBe('2025-04-10');
  });

  it('a consultation begun after the due date does not move it', () => {
    const d = compute([
      { type: 'received', on: '2025-03-03' },
      { type: 'consultationStarted', on: '2025-04-01', party: 'thirdParty' },
      { type: 'consultationEnded', on: '2025-04-03' },
      { type: 'replied', on: '2025-04-08' },
    ]);
    expect(d).toMatchObject({ replyDueOn: '2025-03-31', pausedWorkingDays: 0, repliedOnTime: false });
    expect(d.warnings.map((w) => w.code)).toEqual(['consultationAfterDue', 'repliedLate']);
  });

  it('one extension of up to 20 working days', () => {
    // 20th working day after 9-26 is 10-30; then 10-31 (21), 11-3..7 (22–26), 11-10..14 (27–31),
    // 11-17..21 (32–36), 11-24..27 (37–40)
    const d = compute([
      { type: 'received', on: '2025-09-26' },
      { type: 'extended', on: '2025-10-20', workingDays: 20 },
      { type: 'replied', on: '2025-11-20' },
    ]);
    expect(d).toMatchObject({
      replyDueOn: '2025-10-30',
      extendedDueOn: '2025-11-27',
      effectiveDueOn: '2025-11-27',
      extensionWorkingDays: 20,
      repliedOnTime: true,
      state: 'replied',
    });
    expect(text(d, '延期')).toContain('政府信息公开工作机构负责人同意');
    const ten = compute([
      { type: 'received', on: '2025-09-26' },
      { type: 'extended', on: '2025-10-20', workingDays: 10 },
    ]);
    expect(ten.extendedDueOn).toBe('2025-11-13'); // 10-31, 11-3..7, 11-10..13
  });

  it('warns about an extension decided after the original due date', () => {
    const d = compute([
      { type: 'received', on: '2025-09-26' },
      { type: 'extended', on: '2025-10-31', workingDays: 5 },
    ]);
    expect(d.warnings.map((w) => w.code)).toEqual(['extensionAfterDue']);
  });

  it('a replied request after a lapsed correction has no due date to miss', () => {
    const d = compute([
      { type: 'received', on: '2025-09-01' },
      { type: 'correctionRequested', on: '2025-09-03' },
      { type: 'replied', on: '2025-10-20' },
    ]);
    expect(d.state).toBe('replied');
    expect(d.repliedOnTime).toBeUndefined();
  });

  it('flags a due date in 2027 as provisional, with the warning', () => {
    const d = compute([{ type: 'received', on: '2026-12-10' }]);
    expect(d.replyDueOn).toBe('2027-01-07');
    expect(d.provisional).toBe(true);
    expect(d.explanations.some((e) => e.label === '注意' && e.text.includes('2027年放假安排尚未公布'))).toBe(true);
  });

  it('rejects impossible timelines with typed reasons', () => {
    const r = '2025-09-01';
    expect(failure([])).toEqual({ reason: 'empty', index: -1 });
    expect(failure([{ type: 'replied', on: r }]).reason).toBe('notReceivedFirst');
    expect(failure([{ type: 'received', on: '2025-9-1' }]).reason).toBe('invalidEvent');
    expect(
      failure([
        { type: 'received', on: r },
        { type: 'received', on: r },
      ]).reason,
    ).toBe('receivedTwice');
    expect(
      failure([
        { type: 'received', on: '2025-09-05' },
        { type: 'replied', on: '2025-09-04' },
      ]),
    ).toMatchObject({ reason: 'outOfOrder', index: 1 });
    expect(
      failure([
        { type: 'received', on: r },
        { type: 'correctionRequested', on: '2025-09-02' },
        { type: 'correctionReceived', on: '2025-09-05' },
        { type: 'correctionRequested', on: '2025-09-08' },
      ]),
    ).toMatchObject({ reason: 'correctionTwice', index: 3 });
    expect(
      failure([
        { type: 'received', on: r },
        { type: 'correctionReceived', on: '2025-09-05' },
      ]).reason,
    ).toBe('correctionNotRequested');
    expect(
      failure([
        { type: 'received', on: r },
        { type: 'correctionRequested', on: '2025-09-02' },
        { type: 'consultationStarted', on: '2025-09-03' },
      ]).reason,
    ).toBe('correctionPending');
    expect(
      failure([
        { type: 'received', on: r },
        { type: 'correctionRequested', on: '2025-09-02' },
        { type: 'extended', on: '2025-09-03', workingDays: 5 },
      ]).reason,
    ).toBe('correctionPending');
    expect(
      failure([
        { type: 'received', on: r },
        { type: 'consultationEnded', on: '2025-09-03' },
      ]).reason,
    ).toBe('consultationNotStarted');
    expect(
      failure([
        { type: 'received', on: r },
        { type: 'extended', on: '2025-09-10', workingDays: 21 },
      ]).reason,
    ).toBe('extensionTooLong');
    expect(
      failure([
        { type: 'received', on: r },
        { type: 'extended', on: '2025-09-10' },
      ]).reason,
    ).toBe('extensionInvalid');
    expect(
      failure([
        { type: 'received', on: r },
        { type: 'extended', on: '2025-09-10', workingDays: 10 },
        { type: 'extended', on: '2025-09-12', workingDays: 5 },
      ]),
    ).toMatchObject({ reason: 'extensionTwice', index: 2 });
    expect(
      failure([
        { type: 'received', on: r },
        { type: 'consultationStarted', on: '2025-09-03' },
        { type: 'consultationEnded', on: '2025-09-05' },
        { type: 'correctionRequested', on: '2025-09-05' },
      ]).reason,
    ).toBe('outOfOrder');
    expect(
      failure([
        { type: 'received', on: r },
        { type: 'withdrawn', on: '2025-09-03' },
        { type: 'replied', on: '2025-09-04' },
      ]).reason,
    ).toBe('afterClosed');
  });

  it('a reply or withdrawal ends an open consultation', () => {
    const d = compute([
      { type: 'received', on: '2025-03-03' },
      { type: 'consultationStarted', on: '2025-03-10' },
      { type: 'withdrawn', on: '2025-03-12' },
    ]);
    expect(d).toMatchObject({ state: 'withdrawn', closedOn: '2025-03-12', pausedWorkingDays: 3 });
    expect(d.pauses[0]?.to).toBe('2025-03-12');
    // 3-4..7 (1–4); 3-10..12 paused; 3-13, 3-14 (5, 6); 3-17..21 (7–11); 3-24..28 (12–16); 3-31..4-3 (17–20)
    expect(d.replyDueOn).toBe('2025-04-03');
  });
});

describe('dueStatus', () => {
  // due 2025-10-09, the first working day after National Day 2025
  it('counts working days left, with the holiday in between', () => {
    expect(dueStatus('2025-10-09', '2025-09-26', cal)).toMatchObject({ status: 'ok', workingDaysLeft: 4 }); // 9-28, 9-29, 9-30, 10-9
    expect(dueStatus('2025-10-09', '2025-09-30', cal)).toMatchObject({ status: 'dueSoon', workingDaysLeft: 1 });
    expect(dueStatus('2025-10-09', '2025-10-09', cal)).toMatchObject({ status: 'dueSoon', workingDaysLeft: 0 });
  });

  it('counts working and calendar days over', () => {
    expect(dueStatus('2025-10-09', '2025-10-11', cal)).toMatchObject({ status: 'overdue', workingDaysOver: 2, daysOver: 2 });
    expect(dueStatus('2025-10-09', '2025-10-12', cal)).toMatchObject({ status: 'overdue', workingDaysOver: 2, daysOver: 3 });
  });

  it('is provisional across an unannounced year', () => {
    expect(dueStatus('2027-01-07', '2026-12-10', cal).provisional).toBe(true);
    expect(dueStatus('2025-10-30', '2025-10-01', cal).provisional).toBe(false);
  });
});

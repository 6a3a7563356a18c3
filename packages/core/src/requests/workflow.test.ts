import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR as cal } from '../calendar/index.js';
import {
  applyTransition,
  availableActions,
  chinaDate,
  dueDateOf,
  openingEvents,
  type TransitionInput,
  type WorkflowState,
} from './workflow.js';

const start = (receivedOn: string): WorkflowState => ({
  status: 'received',
  events: openingEvents({ receivedOn, channel: 'inPerson', rule: '当面提交' }),
});

/** Applies the steps in order, failing the test on the first refusal. */
function run(state: WorkflowState, steps: TransitionInput[], today: string) {
  let s = state;
  let last;
  for (const step of steps) {
    const r = applyTransition(s, step, { today, calendar: cal });
    if (!r.ok) throw new Error(`${step.action}: ${r.error.message}`);
    last = r.value;
    s = { status: r.value.status, events: r.value.events };
  }
  return { state: s, result: last! };
}

describe('request workflow', () => {
  it('correction restarts the clock, a consultation pauses it, one extension moves it, then reply and archive', () => {
    const s0 = start('2025-03-03');
    const { state: s1, result: r1 } = run(s0, [{ action: 'register', on: '2025-03-03' }], '2025-03-03');
    // 3-4..7 (4), 3-10..14 (9), 3-17..21 (14), 3-24..28 (19), 3-31 (20)
    expect(dueDateOf(r1.deadlines)).toBe('2025-03-31');

    const { state: s2, result: r2 } = run(s1, [{ action: 'requestCorrection', on: '2025-03-05', note: '请写明所需信息的年度' }], '2025-03-05');
    expect(s2.status).toBe('correctionRequested');
    expect(dueDateOf(r2.deadlines)).toBeNull();
    expect(availableActions(s2)).toEqual(['receiveCorrection', 'lapse', 'withdraw']);

    const { state: s3, result: r3 } = run(s2, [{ action: 'receiveCorrection', on: '2025-03-10' }], '2025-03-10');
    // from 3-10: 3-11..14 (4), 3-17..21 (9), 3-24..28 (14), 3-31..4-3 (18), 4-4..6 清明, 4-7 (19), 4-8 (20)
    expect(r3.deadlines.clockStartsOn).toBe('2025-03-10');
    expect(dueDateOf(r3.deadlines)).toBe('2025-04-08');

    const { state: s4, result: r4 } = run(
      s3,
      [
        { action: 'startReview', on: '2025-03-11' },
        { action: 'startConsultation', on: '2025-03-12', party: 'thirdParty' },
      ],
      '2025-03-12',
    );
    expect(s4.status).toBe('consultation');
    expect(r4.deadlines.state).toBe('paused');

    const { state: s5, result: r5 } = run(s4, [{ action: 'endConsultation', on: '2025-03-18' }], '2025-03-18');
    expect(s5.status).toBe('processing');
    // 3-12..3-18 paused: 5 working days → 4-9, 4-10, 4-11, 4-14, 4-15
    expect(r5.deadlines.pausedWorkingDays).toBe(5);
    expect(dueDateOf(r5.deadlines)).toBe('2025-04-15');

    const { state: s6, result: r6 } = run(
      s5,
      [{ action: 'extend', on: '2025-04-10', workingDays: 10, approvedBy: '县政府办公室主任 李四' }],
      '2025-04-10',
    );
    expect(s6.status).toBe('processing');
    expect(dueDateOf(r6.deadlines)).toBe(cal.addWorkingDays('2025-04-15', 10, { pauses: [{ from: '2025-03-12', to: '2025-03-18' }] }).dueDate);
    expect(r6.added[0]?.details).toMatchObject({ workingDays: 10, approvedBy: '县政府办公室主任 李四', applicantNotifiedOn: '2025-04-10' });

    const second = applyTransition(s6, { action: 'extend', workingDays: 5, approvedBy: '李四' }, { today: '2025-04-11', calendar: cal });
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error).toMatchObject({ code: 'invalid_state', details: { reason: 'timeline', timeline: { reason: 'extensionTwice' } } });
    expect(availableActions(s6)).not.toContain('extend');

    const { state: s7, result: r7 } = run(
      s6,
      [{ action: 'reply', on: '2025-04-20', outcome: 'partial', replyText: '经审查，部分公开。' }],
      '2025-04-21',
    );
    expect(s7.status).toBe('replied');
    expect(r7).toMatchObject({ outcome: 'partial', repliedOn: '2025-04-20' });
    expect(r7.deadlines.repliedOnTime).toBe(true);
    const { state: s8 } = run(s7, [{ action: 'archive' }], '2025-04-22');
    expect(s8.status).toBe('archived');
    expect(s8.events.map((e) => e.type)).toEqual([
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
  });

  it('refuses an extension longer than 20 working days or without the approver', () => {
    const { state } = run(start('2025-06-03'), [{ action: 'register' }, { action: 'startReview' }], '2025-06-04');
    const long = applyTransition(state, { action: 'extend', workingDays: 21, approvedBy: '李四' }, { today: '2025-06-05', calendar: cal });
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.error.details.fields?.[0]?.field).toBe('workingDays');
    const noHead = applyTransition(state, { action: 'extend', workingDays: 5 } as never, { today: '2025-06-05', calendar: cal });
    expect(noHead.ok).toBe(false);
    if (!noHead.ok) expect(noHead.error.details.fields?.[0]?.field).toBe('approvedBy');
  });

  it('withdrawal any time before the reply, never after', () => {
    const { state } = run(start('2025-06-03'), [{ action: 'register' }, { action: 'withdraw', note: '申请人书面撤回' }], '2025-06-05');
    expect(state.status).toBe('withdrawn');
    const { state: replied } = run(start('2025-06-03'), [{ action: 'reply', outcome: 'granted', replyText: '予以公开' }], '2025-06-05');
    const late = applyTransition(replied, { action: 'withdraw' }, { today: '2025-06-06', calendar: cal });
    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.error).toMatchObject({ code: 'invalid_state', details: { reason: 'notAllowed' } });
  });

  it('an on-the-spot reply only on the day of receipt', () => {
    const ok = run(start('2025-06-03'), [{ action: 'replyOnTheSpot', on: '2025-06-03', outcome: 'granted', replyText: '当场提供' }], '2025-06-03');
    expect(ok.result.deadlines.repliedOnTime).toBe(true);
    const notSpot = applyTransition(start('2025-06-03'), { action: 'replyOnTheSpot', outcome: 'granted', replyText: 'x' }, { today: '2025-06-04', calendar: cal });
    expect(notSpot.ok).toBe(false);
    if (!notSpot.ok) expect(notSpot.error.details.reason).toBe('notOnTheSpot');
  });

  it('a lapsed correction is replied with 申请人无正当理由逾期不补正', () => {
    const { result } = run(start('2025-06-03'), [{ action: 'requestCorrection' }, { action: 'lapse', on: '2025-07-10' }], '2025-07-10');
    expect(result).toMatchObject({ status: 'replied', outcome: 'otherNoCorrection', repliedOn: '2025-07-10' });
  });

  it('checks dates: not in the future, not before the last event, and a second correction is refused', () => {
    const s = start('2025-06-03');
    const future = applyTransition(s, { action: 'register', on: '2025-06-09' }, { today: '2025-06-05', calendar: cal });
    expect(!future.ok && future.error.details.reason).toBe('dateInFuture');
    const before = applyTransition(s, { action: 'register', on: '2025-06-02' }, { today: '2025-06-05', calendar: cal });
    expect(!before.ok && before.error.details.reason).toBe('dateBeforeLast');
    const { state } = run(s, [{ action: 'requestCorrection' }, { action: 'receiveCorrection' }, { action: 'startReview' }], '2025-06-05');
    const again = applyTransition(state, { action: 'requestCorrection' }, { today: '2025-06-05', calendar: cal });
    expect(!again.ok && again.error.details.reason).toBe('timeline');
    const unknown = applyTransition(s, { action: 'fly' } as never, { today: '2025-06-05', calendar: cal });
    expect(!unknown.ok && unknown.error.details.reason).toBe('unknownAction');
  });

  it('an online filing is received on the day the county confirms it (China time)', () => {
    expect(chinaDate(new Date('2026-01-01T17:30:00Z'))).toBe('2026-01-02');
    const events = openingEvents({ receivedOn: '2026-01-05', channel: 'online', rule: 'r', filedAt: new Date('2026-01-01T17:30:00Z') });
    expect(events.map((e) => [e.type, e.on])).toEqual([
      ['filed', '2026-01-02'],
      ['received', '2026-01-05'],
    ]);
  });
});

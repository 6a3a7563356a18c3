import { describe, expect, it } from 'vitest';
import {
  checkApplyForm,
  checkRegisterForm,
  dueText,
  emptyApplyForm,
  emptyRegisterForm,
  eventDetailLines,
  explanationLines,
  fillMonths,
  formatRate,
  leafFieldErrors,
  niceMax,
  outcomeMix,
  OUTCOME_OPTION_GROUPS,
  parseHolidayJson,
  readApplyForm,
  readReviewLitigationForm,
  readTransitionForm,
  reportChecks,
  reportRows,
  sumMonths,
  toFileInput,
  toRegisterInput,
} from './requests';

const fd = (o: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(o)) f.append(k, v);
  return f;
};

describe('filing form', () => {
  it('sends a person without organisation fields and leaves empty optional fields out', () => {
    const v = readApplyForm(
      fd({ countyCode: '130102', kind: 'naturalPerson', orgType: 'researchInstitution', name: ' 张三 ', idType: '居民身份证', idNumber: '130102199001011234', organisationName: '某公司', phone: '13800000000', email: '', address: '', description: ' 低保名单 ', deliveryForm: 'email' }),
    );
    expect(checkApplyForm(v, ['130102'])).toEqual({});
    expect(toFileInput(v)).toEqual({
      countyCode: '130102',
      applicantType: 'naturalPerson',
      applicant: { name: '张三', idType: '居民身份证', idNumber: '130102199001011234', phone: '13800000000' },
      description: '低保名单',
      deliveryForm: 'email',
    });
  });

  it('sends an organisation with its sub-type and name, without the ID', () => {
    const v = { ...emptyApplyForm('130102'), kind: 'organization' as const, orgType: 'legalServiceProvider', organisationName: '某律师事务所', name: '李四', idNumber: '123', phone: '0311-1234567', description: 'x' };
    const input = toFileInput(v);
    expect(input.applicantType).toBe('legalServiceProvider');
    expect(input.applicant).toEqual({ name: '李四', organisationName: '某律师事务所', phone: '0311-1234567' });
  });

  it('names each missing field, and refuses a county that is not open for online filing', () => {
    const e = checkApplyForm({ ...emptyApplyForm('130999'), kind: 'organization' }, ['130102']);
    expect(Object.keys(e).sort()).toEqual(['countyCode', 'description', 'name', 'orgType', 'organisationName', 'phone'].sort());
    expect(e.countyCode).toContain('尚未开通');
    expect(checkApplyForm({ ...emptyApplyForm('130102'), name: 'a', phone: '1', description: 'd' }, ['130102'])).toEqual({ idNumber: '请填写身份证件号码' });
  });

  it('maps server field paths to the form fields', () => {
    expect(
      leafFieldErrors({
        fields: [
          { field: 'applicant.phone', message: '联系电话格式不正确' },
          { field: 'applicant.phone', message: '联系电话格式不正确' },
          { field: 'review.upheld', message: '应为非负整数' },
          { field: 'channels.1', message: 'x' },
          { field: '', message: '整体' },
          { nope: true },
        ],
      }),
    ).toEqual({ phone: '联系电话格式不正确', 'review.upheld': '应为非负整数', channels: 'x', '(root)': '整体' });
    expect(leafFieldErrors(null)).toEqual({});
  });
});

describe('intake form', () => {
  it('sends only the dates of the chosen channel', () => {
    const v = { ...emptyRegisterForm('2025-03-10'), channel: 'registeredMail', signedForOn: '2025-03-07', sentOn: '2025-03-05', submittedOn: '2025-03-10', name: 'a', phone: '123456', description: 'd', idNumber: '1' };
    expect(checkRegisterForm(v)).toEqual({});
    const input = toRegisterInput(v);
    expect(input).toMatchObject({ channel: 'registeredMail', signedForOn: '2025-03-07', sentOn: '2025-03-05' });
    expect(input).not.toHaveProperty('submittedOn');
  });
  it('requires the binding date of the channel', () => {
    const v = { ...emptyRegisterForm('2025-03-10'), channel: 'fax', name: 'a', phone: '123456', description: 'd' };
    expect(checkRegisterForm(v)).toEqual({ confirmedOn: '请填写双方确认日期' });
    expect(checkRegisterForm({ ...v, channel: 'pigeon' })).toEqual({ channel: '请选择收到申请的方式' });
  });
});

describe('workflow actions', () => {
  it('reads an extension and checks the 20-day limit and the approver', () => {
    expect(readTransitionForm(fd({ action: 'extend', workingDays: '20', approvedBy: '王主任', on: '2025-03-10', version: '3' }))).toEqual({
      input: { action: 'extend', workingDays: 20, approvedBy: '王主任', on: '2025-03-10', version: 3 },
      errors: {},
    });
    expect(readTransitionForm(fd({ action: 'extend', workingDays: '21', approvedBy: '' })).errors).toEqual({
      workingDays: '延长的工作日数应为1至20的整数',
      approvedBy: '延期须经政府信息公开工作机构负责人同意：请填写批准人',
    });
  });
  it('reads a reply with an outcome and text', () => {
    expect(readTransitionForm(fd({ action: 'reply', outcome: 'withheldStateSecret', replyText: ' 答复 ', note: '' })).input).toEqual({ action: 'reply', outcome: 'withheldStateSecret', replyText: '答复' });
    expect(readTransitionForm(fd({ action: 'reply', outcome: 'nope' })).errors).toEqual({ outcome: '请选择办理结果', replyText: '请填写答复内容' });
    expect(readTransitionForm(fd({ action: 'startConsultation', party: 'x' })).errors).toEqual({ party: '请选择征求意见的对象' });
  });
  it('groups the 21 outcomes as the 30号 table does', () => {
    expect(OUTCOME_OPTION_GROUPS.map((g) => g.options.length)).toEqual([1, 1, 8, 3, 5, 3]);
    expect(OUTCOME_OPTION_GROUPS[2]?.label).toBe('（三）不予公开');
    expect(OUTCOME_OPTION_GROUPS[0]?.options[0]?.label).toBe('予以公开');
  });
});

describe('wording', () => {
  it('says how much time is left or how late it is', () => {
    expect(dueText({ dueOn: '2025-03-10', dueStatus: 'ok', workingDaysLeft: 7 })).toBe('剩余 7 个工作日');
    expect(dueText({ dueOn: '2025-03-10', dueStatus: 'dueSoon', workingDaysLeft: 0 })).toBe('今天到期');
    expect(dueText({ dueOn: '2025-03-10', dueStatus: 'overdue', workingDaysLeft: 0, workingDaysOver: 3 })).toBe('已逾期 3 个工作日');
    expect(dueText({ dueOn: null, dueStatus: null, workingDaysLeft: null })).toBeNull();
  });
  it('splits explanations and names event details in Chinese', () => {
    expect(explanationLines('a\n\n b \n')).toEqual(['a', 'b']);
    expect(eventDetailLines({ channel: 'online', outcome: 'granted', filedAt: 'x', workingDays: 10 }, { granted: '予以公开' })).toEqual(['方式：互联网渠道', '办理结果：予以公开', '延长工作日：10']);
  });
});

describe('annual report', () => {
  it('lays the table out in print order with group headings', () => {
    const rows = reportRows({ newThisYear: { naturalPerson: 2, total: 2 }, outcomes: { granted: { naturalPerson: 1, total: 1 } } });
    expect(rows.filter((r) => r.kind === 'data')).toHaveLength(2 + 21 + 2);
    expect(rows.filter((r) => r.kind === 'group').map((r) => r.label)).toEqual(['（三）不予公开', '（四）无法提供', '（五）不予处理', '（六）其他处理']);
    const first = rows[0];
    expect(first?.kind === 'data' && first.cells).toMatchObject({ naturalPerson: 2, total: 2, commercialEnterprise: null });
  });
  it('reports each cross-check as passed or failed', () => {
    const checks = reportChecks([{ kind: 'balance', message: '不平' }], [], false);
    expect(checks.find((c) => c.name.startsWith('每列：本年新收'))).toEqual({ name: '每列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度', pass: false, messages: ['不平'] });
    expect(checks.filter((c) => c.pass)).toHaveLength(3);
    expect(checks.at(-1)?.pass).toBe(false);
  });
  it('reads the review and litigation counts, empty as 0', () => {
    const r = readReviewLitigationForm(fd({ 'review.upheld': '2', 'review.corrected': '', 'litigationDirect.other': '-1' }));
    expect(r.counts.review).toEqual({ upheld: 2, corrected: 0, other: 0, pending: 0 });
    expect(r.errors).toEqual({ 'litigationDirect.other': '应为非负整数' });
  });
});

describe('statistics and calendar', () => {
  it('fills month gaps and sums counties', () => {
    const a = [{ month: '2024-11', received: 1, replied: 0 }, { month: '2025-02', received: 2, replied: 1 }];
    expect(fillMonths(a).map((m) => m.month)).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(sumMonths([a, [{ month: '2025-02', received: 1, replied: 1 }]]).at(-1)).toEqual({ month: '2025-02', received: 3, replied: 2 });
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(13)).toBe(20);
    expect(formatRate(0.9574)).toBe('95.7%');
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(null)).toBe('—');
  });
  it('groups the outcome mix', () => {
    expect(outcomeMix({ granted: 3, withheldStateSecret: 1, withheldProcessInfo: 2 })).toEqual([
      { code: 'granted', label: '予以公开', count: 3 },
      { code: 'withheld', label: '不予公开', count: 3 },
    ]);
  });
  it('parses the holiday JSON or says why not', () => {
    expect(parseHolidayJson('\uFEFF{"year":2027,"days":[]}')).toEqual({ ok: true, value: { year: 2027, days: [] } });
    expect(parseHolidayJson('  ')).toMatchObject({ ok: false });
    const bad = parseHolidayJson('{"year":');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toContain('不是有效的 JSON');
  });
});

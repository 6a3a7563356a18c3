import { describe, expect, it } from 'vitest';
import {
  REQUEST_TABLE_ROWS,
  annualReportDueOn,
  buildRequestTable,
  buildReviewLitigationTable,
  checkCarryOver,
  checkProactiveTable,
  checkRequestTable,
  checkReviewLitigationTable,
  emptyProactiveTable,
  requestTableRow,
  sumProactiveTables,
  sumReviewLitigationTables,
  sumTables,
  tallyRequests,
  type RequestCounts,
} from './annual-report.js';
import {
  APPLICANT_TYPE_DEFS,
  APPLICANT_TYPES,
  OUTCOMES,
  OUTCOME_CODES,
  OUTCOME_GROUP_DEFS,
  OUTCOME_NAMES,
  outcomesOfGroup,
} from './outcomes.js';

describe('outcomes and applicant types (国办公开办函〔2021〕30号)', () => {
  it('has the table’s rows in its order, grouped 1 + 1 + 8 + 3 + 5 + 3', () => {
    expect(OUTCOME_GROUP_DEFS.map((g) => g.label)).toEqual(['予以公开', '部分公开', '不予公开', '无法提供', '不予处理', '其他处理']);
    expect(OUTCOME_GROUP_DEFS.map((g) => outcomesOfGroup(g.code).length)).toEqual([1, 1, 8, 3, 5, 3]);
    expect(OUTCOMES.map((o) => o.code)).toEqual([...OUTCOME_CODES]);
    expect(new Set(OUTCOME_CODES).size).toBe(21);
    expect(outcomesOfGroup('withheld').map((o) => o.label)).toEqual([
      '属于国家秘密',
      '其他法律行政法规禁止公开',
      '危及“三安全一稳定”',
      '保护第三方合法权益',
      '属于三类内部事务信息',
      '属于四类过程性信息',
      '属于行政执法案卷',
      '属于行政查询事项',
    ]);
    expect(outcomesOfGroup('unavailable').map((o) => o.label)).toEqual([
      '本机关不掌握相关政府信息',
      '没有现成信息需要另行制作',
      '补正后申请内容仍不明确',
    ]);
    expect(outcomesOfGroup('notProcessed').map((o) => o.label)).toEqual([
      '信访举报投诉类申请',
      '重复申请',
      '要求提供公开出版物',
      '无正当理由大量反复申请',
      '要求行政机关确认或重新出具已获取信息',
    ]);
    expect(outcomesOfGroup('other').map((o) => o.shortLabel)).toEqual([
      '申请人无正当理由逾期不补正',
      '申请人逾期未按收费通知要求缴纳费用',
      '其他',
    ]);
    expect(OUTCOME_NAMES.granted).toBe('予以公开');
    expect(OUTCOME_NAMES.withheldStateSecret).toBe('不予公开 · 国家秘密');
  });

  it('has the applicant columns: 自然人 and five kinds of 法人或其他组织', () => {
    expect(APPLICANT_TYPE_DEFS.map((a) => a.label)).toEqual(['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']);
    expect(APPLICANT_TYPE_DEFS.filter((a) => a.kind === 'organization')).toHaveLength(5);
  });

  it('prints the table rows in order', () => {
    expect(REQUEST_TABLE_ROWS).toHaveLength(25);
    expect(REQUEST_TABLE_ROWS[0]?.label).toBe('一、本年新收政府信息公开申请数量');
    expect(REQUEST_TABLE_ROWS[2]?.label).toBe('（一）予以公开');
    expect(REQUEST_TABLE_ROWS[4]?.label).toBe('1.属于国家秘密');
    expect(REQUEST_TABLE_ROWS[23]?.label).toBe('（七）总计');
    expect(REQUEST_TABLE_ROWS[24]?.label).toBe('四、结转下年度继续办理');
  });
});

const balanced: RequestCounts = {
  newThisYear: { naturalPerson: 58, commercialEnterprise: 7, legalServiceProvider: 1 },
  carriedOver: { naturalPerson: 2 },
  outcomes: {
    granted: { naturalPerson: 20, commercialEnterprise: 3 },
    partial: { naturalPerson: 16, commercialEnterprise: 1 },
    withheldInternalAffairs: { naturalPerson: 1 },
    unavailableNotHeld: { naturalPerson: 15, commercialEnterprise: 2, legalServiceProvider: 1 },
    notProcessedRepeated: { naturalPerson: 3 },
    otherOther: { naturalPerson: 1, commercialEnterprise: 1 },
  },
  carriedForward: { naturalPerson: 4 },
};

describe('request table', () => {
  it('builds totals and passes the checks when balanced', () => {
    const t = buildRequestTable(balanced);
    expect(t.newThisYear.total).toBe(66);
    expect(t.resultsTotal).toMatchObject({ naturalPerson: 56, commercialEnterprise: 7, legalServiceProvider: 1, total: 64 });
    expect(t.carriedForward.total).toBe(4);
    expect(checkRequestTable(t)).toEqual([]);
  });

  it('catches new + carried over ≠ results + carried forward', () => {
    const t = buildRequestTable({ ...balanced, carriedForward: { naturalPerson: 3 } });
    const issues = checkRequestTable(t);
    expect(issues.map((i) => [i.kind, i.column])).toEqual([
      ['balance', 'naturalPerson'],
      ['balance', 'total'],
    ]);
    expect(issues[0]?.message).toBe(
      '“自然人”列：本年新收（58）＋上年结转（2）＝60，不等于办理结果总计（56）＋结转下年度（3）＝59',
    );
  });

  it('catches a row whose 总计 is not the sum of its applicant types', () => {
    const t = buildRequestTable(balanced);
    t.outcomes.granted.total = 24;
    const issues = checkRequestTable(t);
    expect(issues.find((i) => i.kind === 'rowTotal')).toMatchObject({ row: 'granted', expected: 23, actual: 24 });
    expect(issues.find((i) => i.kind === 'rowTotal')?.message).toContain('办理结果“予以公开”：总计为24，各类申请人合计为23');
    // the 总计 column no longer sums either
    expect(issues.some((i) => i.kind === 'resultsTotal' && i.column === 'total')).toBe(true);
  });

  it('catches a 办理结果总计 that is not the sum of the outcome rows', () => {
    const t = buildRequestTable(balanced);
    t.resultsTotal.commercialEnterprise = 8;
    t.resultsTotal.total = 65;
    const kinds = checkRequestTable(t).map((i) => `${i.kind}:${i.column}`);
    expect(kinds).toContain('resultsTotal:commercialEnterprise');
    expect(kinds).toContain('resultsTotal:total');
    expect(kinds).toContain('balance:commercialEnterprise');
  });

  it('catches cells that are not counts', () => {
    const t = buildRequestTable(balanced);
    t.newThisYear.researchInstitution = -1;
    (t.carriedOver as Record<string, unknown>).naturalPerson = 1.5;
    const invalid = checkRequestTable(t).filter((i) => i.kind === 'invalidCount');
    expect(invalid.map((i) => [i.row, i.column])).toEqual([
      ['newThisYear', 'researchInstitution'],
      ['carriedOver', 'naturalPerson'],
    ]);
  });

  it('checks the carry-over against last year', () => {
    const last = buildRequestTable({ ...balanced, carriedForward: { naturalPerson: 2 } });
    expect(checkCarryOver(last, buildRequestTable(balanced))).toEqual([]);
    const wrong = checkCarryOver(buildRequestTable(balanced), buildRequestTable(balanced));
    expect(wrong.map((i) => i.column)).toEqual(['naturalPerson', 'total']);
  });

  it('sums county tables into the province’s, which still balances', () => {
    const a = buildRequestTable(balanced);
    const b = buildRequestTable({
      newThisYear: { researchInstitution: 2, publicWelfareOrganization: 1 },
      outcomes: { granted: { researchInstitution: 1 }, withheldStateSecret: { publicWelfareOrganization: 1 } },
      carriedForward: { researchInstitution: 1 },
    });
    const province = sumTables([a, b]);
    expect(checkRequestTable(province)).toEqual([]);
    expect(province.newThisYear.total).toBe(69);
    expect(province.outcomes.granted).toMatchObject({ naturalPerson: 20, commercialEnterprise: 3, researchInstitution: 1, total: 24 });
    expect(province.outcomes.withheldStateSecret.total).toBe(1);
    for (const { key } of REQUEST_TABLE_ROWS) {
      for (const col of [...APPLICANT_TYPES, 'total'] as const) {
        expect(requestTableRow(province, key)[col]).toBe(requestTableRow(a, key)[col] + requestTableRow(b, key)[col]);
      }
    }
    expect(sumTables([]).resultsTotal.total).toBe(0);
  });

  it('tallies requests into the right rows and balances by construction', () => {
    const t = tallyRequests(2025, [
      { applicantType: 'naturalPerson', receivedOn: '2024-12-20', closedOn: '2025-01-15', outcome: 'granted' },
      { applicantType: 'naturalPerson', receivedOn: '2024-11-01', closedOn: '2024-12-01', outcome: 'granted' }, // last year's
      { applicantType: 'commercialEnterprise', receivedOn: '2025-03-03', closedOn: '2025-03-20', outcome: 'withheldThirdPartyRights' },
      { applicantType: 'legalServiceProvider', receivedOn: '2025-12-20', closedOn: '2026-01-10', outcome: 'partial' },
      { applicantType: 'otherOrganization', receivedOn: '2025-06-01', closedOn: null },
      { applicantType: 'naturalPerson', receivedOn: '2026-01-02' }, // next year's
    ]);
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect(checkRequestTable(t.value)).toEqual([]);
    expect(t.value.newThisYear).toMatchObject({ commercialEnterprise: 1, legalServiceProvider: 1, otherOrganization: 1, total: 3 });
    expect(t.value.carriedOver).toMatchObject({ naturalPerson: 1, total: 1 });
    expect(t.value.outcomes.granted.naturalPerson).toBe(1);
    expect(t.value.outcomes.withheldThirdPartyRights.commercialEnterprise).toBe(1);
    expect(t.value.carriedForward).toMatchObject({ legalServiceProvider: 1, otherOrganization: 1, total: 2 });
    const bad = tallyRequests(2025, [{ applicantType: 'naturalPerson', receivedOn: '2025-03-03', closedOn: '2025-03-05' }]);
    expect(bad.ok).toBe(false);
  });
});

describe('sections 二 and 四', () => {
  it('checks and sums the proactive table', () => {
    const a = { ...emptyProactiveTable(), normativeDocuments: { issued: 5, repealed: 1, inForce: 25 }, feesTenThousandYuan: 0.1 };
    const b = { ...emptyProactiveTable(), licensingDecisions: 120, feesTenThousandYuan: 0.2 };
    expect(checkProactiveTable(a)).toEqual([]);
    const sum = sumProactiveTables([a, b]);
    expect(sum.normativeDocuments).toEqual({ issued: 5, repealed: 1, inForce: 25 });
    expect(sum.licensingDecisions).toBe(120);
    expect(sum.feesTenThousandYuan).toBe(0.3);
    expect(checkProactiveTable({ ...a, penaltyDecisions: -2 }).map((i) => i.field)).toEqual(['penaltyDecisions']);
  });

  it('checks and sums the review and litigation table', () => {
    const a = buildReviewLitigationTable({ review: { upheld: 2, corrected: 1 }, litigationDirect: { pending: 1 } });
    expect(a.review.total).toBe(3);
    expect(checkReviewLitigationTable(a)).toEqual([]);
    const broken = buildReviewLitigationTable({ review: { upheld: 2 } });
    broken.review.total = 3;
    expect(checkReviewLitigationTable(broken)).toEqual([{ field: 'review.total', message: '行政复议：总计为3，各项合计为2' }]);
    const sum = sumReviewLitigationTables([a, a]);
    expect(sum.review).toEqual({ upheld: 4, corrected: 2, other: 0, pending: 0, total: 6 });
    expect(checkReviewLitigationTable(sum)).toEqual([]);
  });

  it('knows the publication deadlines', () => {
    expect(annualReportDueOn(2025, 'department')).toBe('2026-01-31');
    expect(annualReportDueOn(2025, 'government')).toBe('2026-03-31');
  });
});

import { describe, expect, it } from 'vitest';
import { validateRecordInput } from '../records/model.js';
import { checkProactiveTable } from './annual-report.js';
import {
  type ProactiveRecordFacts,
  countProactiveRecords,
  countedProactiveTotals,
  enteredPartOf,
  enteredProactiveSchema,
  mergeProactive,
} from './annual-report-records.js';

const rec = (id: string, over: Partial<ProactiveRecordFacts>): ProactiveRecordFacts => ({
  id,
  kind: 'document',
  docCategory: 'normativeDocument',
  status: 'published',
  writtenOn: '2025-03-01',
  publishedOn: '2025-03-05',
  validFrom: null,
  validUntil: null,
  validity: 'valid',
  expiredOn: null,
  repealedOn: null,
  ...over,
});

/**
 * A county's records, and by hand what section 二 of 2025 must say:
 *
 * | id  | category | state                                            | 制发 | 废止 | 现行有效 |
 * |-----|----------|--------------------------------------------------|------|------|----------|
 * | n1  | 规范性   | written and published 2025                       |  ✓   |      |    ✓     |
 * | n2  | 规范性   | written 2023, repealed 2025-06-30                |      |  ✓   |          |
 * | n3  | 规范性   | written 2022, still valid                        |      |      |    ✓     |
 * | n4  | 规范性   | written 2025-12-28, published and in force 2026  |  ✓   |      |          |
 * | n5  | 规范性   | written 2021, valid until 2025-10-01             |      |      |          |
 * | n6  | 规范性   | written 2024, expired 2025-04-01                 |      |      |          |
 * | n7  | 规范性   | written 2024, repealed 2026-01-10 (after year end)|     |      |    ✓     |
 * | n8  | 规范性   | written 2025, draft                              |      |      |          |
 * | n9  | 规范性   | written 2025, withdrawn                          |      |      |          |
 * | r1  | 规章     | written 2025-02-01, valid from 2025-03-01        |  ✓   |      |    ✓     |
 * | r2  | 规章     | written 2019, expired 2024, repealed 2025-05-05  |      |  ✓   |          |
 * | o1  | 其他     | written 2025                                     |      |      |          |
 * | u1  | (none)   | written 2025                                     |      |      |          |
 * | i1  | interpretation of n1                            |      |      |          |
 *
 * 规范性文件: 制发 2 (n1, n4), 废止 1 (n2), 现行有效 3 (n1, n3, n7); 规章: 1, 1, 1.
 */
const RECORDS: ProactiveRecordFacts[] = [
  rec('n1', {}),
  rec('n2', { writtenOn: '2023-05-01', publishedOn: '2023-05-02', validity: 'repealed', repealedOn: '2025-06-30' }),
  rec('n3', { writtenOn: '2022-01-10', publishedOn: '2022-01-11' }),
  rec('n4', { writtenOn: '2025-12-28', publishedOn: '2026-01-04' }),
  rec('n5', { writtenOn: '2021-02-02', publishedOn: '2021-02-03', validUntil: '2025-10-01' }),
  rec('n6', { writtenOn: '2024-02-02', publishedOn: '2024-02-03', validity: 'expired', expiredOn: '2025-04-01' }),
  rec('n7', { writtenOn: '2024-07-07', publishedOn: '2024-07-08', validity: 'repealed', repealedOn: '2026-01-10' }),
  rec('n8', { status: 'draft', publishedOn: null }),
  rec('n9', { status: 'withdrawn' }),
  rec('r1', { docCategory: 'rule', writtenOn: '2025-02-01', publishedOn: '2025-02-03', validFrom: '2025-03-01' }),
  rec('r2', {
    docCategory: 'rule',
    writtenOn: '2019-09-09',
    publishedOn: '2019-09-10',
    validity: 'repealed',
    expiredOn: '2024-01-01',
    repealedOn: '2025-05-05',
  }),
  rec('o1', { docCategory: 'other' }),
  rec('u1', { docCategory: null }),
  rec('i1', { kind: 'interpretation', docCategory: null }),
];

describe('section 二 counted from the records', () => {
  it('counts the hand-computed example', () => {
    const counted = countProactiveRecords(2025, RECORDS);
    expect(countedProactiveTotals(counted)).toEqual({
      rules: { issued: 1, repealed: 1, inForce: 1 },
      normativeDocuments: { issued: 2, repealed: 1, inForce: 3 },
    });
    expect(counted.normativeDocuments.issued.recordIds).toEqual(['n1', 'n4']);
    expect(counted.normativeDocuments.repealed.recordIds).toEqual(['n2']);
    expect(counted.normativeDocuments.inForce.recordIds).toEqual(['n1', 'n3', 'n7']);
    expect(counted.rules.issued.recordIds).toEqual(['r1']);
    expect(counted.rules.repealed.recordIds).toEqual(['r2']);
    expect(counted.rules.inForce.recordIds).toEqual(['r1']);
  });

  it('counts the same records differently for another year', () => {
    // 2026: n4 is in force; n7 is repealed this year and no longer in force; n2 and r2 are long gone
    const t = countedProactiveTotals(countProactiveRecords(2026, RECORDS));
    expect(t.normativeDocuments).toEqual({ issued: 0, repealed: 1, inForce: 3 }); // n1, n3, n4
    expect(t.rules).toEqual({ issued: 0, repealed: 0, inForce: 1 });
    // 2024: n1 and r1 did not exist yet; r2 had expired; n5, n6, n7 were in force
    const t24 = countedProactiveTotals(countProactiveRecords(2024, RECORDS));
    expect(t24.normativeDocuments).toEqual({ issued: 2, repealed: 0, inForce: 5 }); // issued n6, n7; in force n2, n3, n5, n6, n7
    expect(t24.rules).toEqual({ issued: 0, repealed: 0, inForce: 0 });
  });

  it('gives zeros for no records', () => {
    expect(countedProactiveTotals(countProactiveRecords(2025, []))).toEqual({
      rules: { issued: 0, repealed: 0, inForce: 0 },
      normativeDocuments: { issued: 0, repealed: 0, inForce: 0 },
    });
  });

  it('merges the counted rows with the entered ones into a table that passes the checks', () => {
    const table = mergeProactive(countProactiveRecords(2025, RECORDS), {
      licensingDecisions: 120,
      penaltyDecisions: 7,
      enforcementDecisions: 0,
      feesTenThousandYuan: 3.2501,
    });
    expect(table).toEqual({
      rules: { issued: 1, repealed: 1, inForce: 1 },
      normativeDocuments: { issued: 2, repealed: 1, inForce: 3 },
      licensingDecisions: 120,
      penaltyDecisions: 7,
      enforcementDecisions: 0,
      feesTenThousandYuan: 3.2501,
    });
    expect(checkProactiveTable(table)).toEqual([]);
  });
});

describe('the entered rows of section 二', () => {
  const good = { licensingDecisions: 1, penaltyDecisions: 2, enforcementDecisions: 3, feesTenThousandYuan: 0.5 };

  it('accepts the four entered rows', () => {
    expect(enteredProactiveSchema.parse(good)).toEqual(good);
  });

  it('refuses counted rows, negative or fractional counts and amounts finer than a yuan', () => {
    const counted = enteredProactiveSchema.safeParse({ ...good, rules: { issued: 1, repealed: 0, inForce: 1 } });
    expect(counted.success).toBe(false);
    expect(counted.error?.issues[0]?.message).toContain('由已发布的政府信息统计');
    expect(enteredProactiveSchema.safeParse({ ...good, penaltyDecisions: -1 }).success).toBe(false);
    expect(enteredProactiveSchema.safeParse({ ...good, licensingDecisions: 1.5 }).success).toBe(false);
    expect(enteredProactiveSchema.safeParse({ ...good, feesTenThousandYuan: 0.00001 }).success).toBe(false);
    expect(enteredProactiveSchema.safeParse({ ...good, feesTenThousandYuan: 12.3456 }).success).toBe(true);
  });

  it('keeps the entered part of a table stored whole', () => {
    expect(enteredPartOf({ ...good, rules: { issued: 9, repealed: 9, inForce: 9 } })).toEqual(good);
    expect(enteredPartOf({ licensingDecisions: 1 })).toBeNull();
    expect(enteredPartOf(null)).toBeNull();
  });
});

describe('文件类别 on records', () => {
  const scope = { countyCode: '130102', townshipCodes: new Set<string>() };
  const base = { title: '某办法', issuingBody: '某局', writtenOn: '2025-01-01', domain: 'social-assistance', attribute: 'proactive' };

  it('is optional, and one of 规章 / 行政规范性文件 / 其他文件', () => {
    const none = validateRecordInput(base, scope);
    expect(none.ok && none.value.docCategory).toBeNull();
    const rule = validateRecordInput({ ...base, docCategory: 'rule' }, scope);
    expect(rule.ok && rule.value.docCategory).toBe('rule');
    expect(validateRecordInput({ ...base, docCategory: 'decree' }, scope).ok).toBe(false);
  });

  it('is never 规章 or 行政规范性文件 for an interpretation', () => {
    const r = validateRecordInput(
      { ...base, kind: 'interpretation', interpretsRecordId: 'x', interpretationForm: 'text', docCategory: 'normativeDocument' },
      scope,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(JSON.stringify(r.error.details)).toContain('docCategory');
  });
});

import { describe, expect, it } from 'vitest';
import { readProactiveForm } from './annual-report-form';

const form = (o: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(o)) f.set(k, v);
  return f;
};

describe('the entered rows of section 二', () => {
  it('reads counts and the amount in 万元', () => {
    const r = readProactiveForm(form({ licensingDecisions: '120', penaltyDecisions: ' 7 ', enforcementDecisions: '0', feesTenThousandYuan: '3.2501' }));
    expect(r.errors).toEqual({});
    expect(r.proactive).toEqual({ licensingDecisions: 120, penaltyDecisions: 7, enforcementDecisions: 0, feesTenThousandYuan: 3.2501 });
  });

  it('marks empty, negative, fractional counts and amounts finer than a yuan, keeping what was typed', () => {
    const r = readProactiveForm(form({ licensingDecisions: '', penaltyDecisions: '-1', enforcementDecisions: '1.5', feesTenThousandYuan: '0.00001' }));
    expect(Object.keys(r.errors).sort()).toEqual(['enforcementDecisions', 'feesTenThousandYuan', 'licensingDecisions', 'penaltyDecisions']);
    expect(r.values.penaltyDecisions).toBe('-1');
  });
});

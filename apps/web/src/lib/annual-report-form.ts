/**
 * The entered rows of the annual report's section 二 (行政许可, 行政处罚, 行政强制 decisions and
 * 行政事业性收费 in 万元) as a form: the 规章 and 规范性文件 rows are counted from the records and
 * never entered. No import of @zwgk/core: the page may load this too.
 */

export const ENTERED_FIELDS = [
  { key: 'licensingDecisions', label: '行政许可', unit: '本年处理决定数量', money: false },
  { key: 'penaltyDecisions', label: '行政处罚', unit: '本年处理决定数量', money: false },
  { key: 'enforcementDecisions', label: '行政强制', unit: '本年处理决定数量', money: false },
  { key: 'feesTenThousandYuan', label: '行政事业性收费', unit: '本年收费金额（万元）', money: true },
] as const;
export type EnteredField = (typeof ENTERED_FIELDS)[number]['key'];

/** Counts as non-negative integers, the amount in 万元 to the yuan (4 decimals); an empty cell is an error, not a 0. */
export function readProactiveForm(form: FormData): {
  values: Record<string, string>;
  proactive: Record<EnteredField, number>;
  errors: Record<string, string>;
} {
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  const proactive = {} as Record<EnteredField, number>;
  for (const f of ENTERED_FIELDS) {
    const raw = String(form.get(f.key) ?? '').trim();
    values[f.key] = raw;
    if (raw === '') {
      errors[f.key] = '请填写（没有的填0）';
      continue;
    }
    const n = Number(raw);
    if (f.money ? !/^\d+(\.\d{1,4})?$/.test(raw) || !Number.isFinite(n) : !/^\d+$/.test(raw) || !Number.isSafeInteger(n)) {
      errors[f.key] = f.money ? '应为非负数，最多4位小数（精确到元）' : '应为非负整数';
      continue;
    }
    proactive[f.key] = n;
  }
  return { values, proactive, errors };
}

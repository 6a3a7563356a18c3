import { z } from 'zod';
import { domainError, err, ok, type DomainError, type FieldIssue, type Result } from '../result.js';
import { dateParts, isIsoDate, type IsoDate } from './dates.js';

/**
 * One year's official holiday arrangement (国务院办公厅关于某年部分节假日安排的通知) in the format of
 * https://github.com/NateScarlet/holiday-cn: `year` is the year of the notice, `days` lists the
 * days off (`isOffDay: true`) and the make-up workdays (调休上班, `isOffDay: false`). Two caveats
 * of the format: December dates of the previous year can appear (the New Year holiday and its
 * make-up day), and weekend days that merely adjoin a holiday are not listed.
 */
export interface HolidayDay {
  /** the holiday the day belongs to, e.g. 春节, 国庆节、中秋节 */
  name: string;
  date: IsoDate;
  isOffDay: boolean;
}

export interface HolidayFile {
  year: number;
  /** URLs of the gov.cn notices the file was built from */
  papers: string[];
  days: HolidayDay[];
}

const holidayDaySchema = z.object({
  name: z.string({ error: '节日名称必须是文本' }).trim().min(1, { error: '节日名称不能为空' }),
  date: z.string({ error: '日期必须是文本' }).refine(isIsoDate, { error: '日期格式应为有效的 YYYY-MM-DD' }),
  isOffDay: z.boolean({ error: 'isOffDay 必须是 true（放假）或 false（调休上班）' }),
});

const holidayFileSchema = z.object({
  year: z
    .number({ error: '年份必须是数字' })
    .int({ error: '年份必须是整数' })
    .min(1990, { error: '年份不早于1990年' })
    .max(2200, { error: '年份不晚于2200年' }),
  papers: z.array(z.string({ error: '通知地址必须是文本' })).default([]),
  days: z.array(holidayDaySchema, { error: 'days 必须是数组' }),
});

const fieldOf = (path: readonly PropertyKey[]): string => path.map(String).join('.') || '(root)';

/**
 * Validates a holiday file (as parsed JSON) so a province admin can load a newly announced year.
 * Beyond the shape: every date lies in the file's year, or in the December before it; no date is
 * listed twice. Extra keys (`$schema`, `$id`) are dropped; days come back sorted by date.
 */
export function loadHolidayFile(json: unknown): Result<HolidayFile, DomainError> {
  const parsed = holidayFileSchema.safeParse(json);
  if (!parsed.success) {
    const fields: FieldIssue[] = parsed.error.issues.map((i) => ({ field: fieldOf(i.path), message: i.message }));
    return err(domainError('validation_failed', '节假日安排文件格式不正确', { fields }));
  }
  const { year, papers, days } = parsed.data;
  const fields: FieldIssue[] = [];
  const seen = new Set<string>();
  days.forEach((d, i) => {
    const { year: y, month } = dateParts(d.date);
    if (!(y === year || (y === year - 1 && month === 12))) {
      fields.push({
        field: `days.${i}.date`,
        message: `${d.date} 不属于${year}年的放假安排（只能是${year}年的日期，或${year - 1}年12月的日期）`,
      });
    }
    if (seen.has(d.date)) fields.push({ field: `days.${i}.date`, message: `${d.date} 重复列出` });
    seen.add(d.date);
  });
  if (fields.length > 0) return err(domainError('validation_failed', '节假日安排文件内容有误', { fields }));
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return ok({ year, papers: [...papers], days: sorted.map((d) => ({ name: d.name, date: d.date, isOffDay: d.isOffDay })) });
}

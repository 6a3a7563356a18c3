import { z } from 'zod';
import type { WorkingCalendar } from './calendar.js';
import { isIsoDate } from './dates.js';

/**
 * `GET /api/v1/calendar/due-date` on the hub and on every county node: `start` + n working days,
 * with the explanation a clerk reads. One contract, so both servers answer alike.
 */
export const dueDateQuerySchema = z
  .object({
    start: z.string().refine(isIsoDate, { error: '日期格式应为有效的 YYYY-MM-DD' }),
    workingDays: z.coerce.number({ error: 'workingDays 应为整数' }).int({ error: 'workingDays 应为整数' }).min(0).max(3660),
  })
  .strict();

export const dueDateResultSchema = z.object({
  start: z.string(),
  workingDays: z.number(),
  dueDate: z.string(),
  provisional: z.boolean(),
  provisionalYears: z.array(z.number()),
  warnings: z.array(z.string()),
  explanation: z.string(),
});
export type DueDateResult = z.infer<typeof dueDateResultSchema>;

export function dueDateOn(calendar: WorkingCalendar, query: z.output<typeof dueDateQuerySchema>): DueDateResult {
  const r = calendar.addWorkingDays(query.start, query.workingDays);
  return {
    start: r.start,
    workingDays: r.workingDays,
    dueDate: r.dueDate,
    provisional: r.provisional,
    provisionalYears: r.provisionalYears,
    warnings: r.warnings,
    explanation: r.explanation,
  };
}

/**
 * Calendar dates as 'YYYY-MM-DD' strings in China's civil calendar. No clocks, no time zones:
 * dates are converted to day numbers (days since 1970-01-01) with integer arithmetic only.
 */

/** A calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Days in a month (1–12) of a year. */
export const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** True for a real calendar date written 'YYYY-MM-DD' (so '2025-02-29' is false). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Year, month (1–12) and day of a date; throws a RangeError on anything else. */
export function dateParts(date: IsoDate): { year: number; month: number; day: number } {
  if (!isIsoDate(date)) throw new RangeError(`not a date (YYYY-MM-DD): ${String(date)}`);
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

/** Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's days_from_civil). */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = dateParts(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date of a day number (inverse of `toDayNumber`). */
export function fromDayNumber(n: number): IsoDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `date` plus `days` calendar days (negative goes back). */
export const addDays = (date: IsoDate, days: number): IsoDate => fromDayNumber(toDayNumber(date) + days);

/** Calendar days from `a` to `b` (positive when b is later). */
export const daysBetween = (a: IsoDate, b: IsoDate): number => toDayNumber(b) - toDayNumber(a);

/** Day of the week: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export const dayOfWeek = (date: IsoDate): number => (((toDayNumber(date) + 4) % 7) + 7) % 7;

export const isWeekend = (date: IsoDate): boolean => {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
};

const WEEKDAY_ZH = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'] as const;

/** 星期一 … 星期日 */
export const weekdayZh = (date: IsoDate): string => WEEKDAY_ZH[dayOfWeek(date)] ?? '';

/** 2025年10月1日 */
export function formatDateZh(date: IsoDate): string {
  const { year, month, day } = dateParts(date);
  return `${year}年${month}月${day}日`;
}

/** 10月1日, or with the year when `withYear` */
export function formatMonthDayZh(date: IsoDate, withYear = false): string {
  const { year, month, day } = dateParts(date);
  return withYear ? `${year}年${month}月${day}日` : `${month}月${day}日`;
}

/** Every date from `from` to `to`, both included (empty when `to` is earlier). */
export function datesInRange(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  const end = toDayNumber(to);
  for (let n = toDayNumber(from); n <= end; n++) out.push(fromDayNumber(n));
  return out;
}

import {
  addDays,
  dateParts,
  formatDateZh,
  formatMonthDayZh,
  isIsoDate,
  isWeekend,
  toDayNumber,
  weekdayZh,
  type IsoDate,
} from './dates.js';
import type { HolidayDay, HolidayFile } from './holiday-file.js';

/**
 * China's working-day calendar, built from the official holiday notices (one file per year):
 * Monday to Friday are working days and weekends are off, except that the listed holidays are off
 * and the listed make-up workdays (调休上班) are worked. A year whose notice is not published yet is
 * *provisional*: its dates are computed from weekends alone and every result that depends on them
 * says so, because the notice may still add holidays and make-up days.
 *
 * Everything here is pure: callers pass the dates ("today" included).
 */

export type DayReason = 'weekday' | 'weekend' | 'holiday' | 'makeUpWorkday';

export interface DayInfo {
  date: IsoDate;
  working: boolean;
  /** why the day is (not) a working day */
  reason: DayReason;
  /** for a holiday or make-up workday: the holiday named in the notice */
  holidayName?: string;
  /** the notice this day depends on is not published yet: computed from weekends only */
  provisional: boolean;
}

/**
 * The New Year holiday and its make-up workday can fall in the last days of December, and are
 * announced in the *next* year's notice (2019's notice made 2018-12-29 a workday and 12-30, 12-31
 * days off). So an unlisted date from 20 December on also depends on the next year's notice; the
 * margin is wider than any arrangement so far (the earliest listed December date is the 29th).
 */
export const LATE_DECEMBER_FROM_DAY = 20;

/** A span of days, both ends included, during which a period does not run (e.g. a consultation). */
export interface PauseRange {
  from: IsoDate;
  to: IsoDate;
  /** what the pause is, for the explanation: 征求第三方意见 … */
  label?: string;
}

export type SkipReason = 'weekend' | 'holiday' | 'paused';

export interface SkippedDay {
  date: IsoDate;
  reason: SkipReason;
  holidayName?: string;
  pauseLabel?: string;
  /** for a paused day: whether it would otherwise have counted */
  working: boolean;
  provisional: boolean;
}

export interface SkippedGroup {
  reason: SkipReason;
  from: IsoDate;
  to: IsoDate;
  /** calendar days in the group */
  days: number;
  /** the holiday name, or the pause label */
  name?: string;
  /** for a pause: the working days in it (the days the period was extended by) */
  workingDays?: number;
}

export interface CountedDay {
  date: IsoDate;
  /** 1 for the first working day counted, … n for the due date */
  ordinal: number;
  /** a weekend day worked by the notice (调休上班) */
  makeUpWorkday: boolean;
  holidayName?: string;
  provisional: boolean;
}

/** A missing holiday notice a result relied on. */
export interface ProvisionalNotice {
  year: number;
  /** only dates from 20 December of the year before depended on it */
  lateDecemberOnly: boolean;
}

export interface WorkingDaysResult {
  start: IsoDate;
  workingDays: number;
  /** the n-th working day after `start` (the start day never counts) */
  dueDate: IsoDate;
  /** some day the result depends on belongs to a year whose notice is not published */
  provisional: boolean;
  /** the notice years that are missing and were assumed to add nothing */
  provisionalYears: number[];
  /** the same, saying whether only late-December dates depended on the notice */
  provisionalNotices: ProvisionalNotice[];
  counted: CountedDay[];
  skipped: SkippedDay[];
  skippedGroups: SkippedGroup[];
  /** make-up workdays (调休上班) that were counted */
  makeUpWorkdays: IsoDate[];
  /** working days that fell inside pauses and so did not count */
  pausedWorkingDays: number;
  /** the provisional warnings, one line each (also at the end of `explanation`) */
  warnings: string[];
  /** for a clerk to read, in Chinese, one statement per line */
  explanation: string;
}

export interface CalendarDaysResult {
  start: IsoDate;
  days: number;
  /** `start` + `days`, before any roll-forward */
  nominalDueDate: IsoDate;
  /** the last day of the period: `nominalDueDate`, or the first working day after it */
  dueDate: IsoDate;
  /** the days off the end of the period was rolled over */
  rolledOver: SkippedDay[];
  provisional: boolean;
  provisionalYears: number[];
  provisionalNotices: ProvisionalNotice[];
  warnings: string[];
  explanation: string;
}

export interface AddWorkingDaysOptions {
  /** spans that do not count (both ends included), e.g. consultations under §33 */
  pauses?: readonly PauseRange[];
}

export interface AddCalendarDaysOptions {
  /**
   * When the last day of the period is a day off, the period ends on the next working day
   * (期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期). Default true.
   */
  rollForward?: boolean;
}

const MAX_PERIOD = 3660;

function checkDate(date: IsoDate, what: string): void {
  if (!isIsoDate(date)) throw new RangeError(`${what} is not a date (YYYY-MM-DD): ${String(date)}`);
}

function checkCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_PERIOD) {
    throw new RangeError(`${what} must be an integer from 0 to ${MAX_PERIOD}: ${String(n)}`);
  }
}

/** The provisional warning for a missing notice year, given the dates that depended on it. */
export function provisionalWarning(year: number, onlyLateDecember: boolean): string {
  return onlyLateDecember
    ? `${year}年放假安排尚未公布，${year - 1}年12月${LATE_DECEMBER_FROM_DAY}日至12月31日可能因元旦放假调休而变化，暂按仅扣除周末计算，待公布后自动重算`
    : `${year}年放假安排尚未公布，按仅扣除周末计算，待公布后自动重算`;
}

/** Tracks which missing notices a computation relied on, for its warnings. */
class ProvisionalTracker {
  private readonly years = new Map<number, boolean>(); // year → only late-December dates so far

  note(calendar: WorkingCalendar, date: IsoDate): void {
    const year = calendar.provisionalNoticeYear(date);
    if (year === undefined) return;
    const lateDecemberOnly = dateParts(date).year !== year;
    const before = this.years.get(year);
    this.years.set(year, before === undefined ? lateDecemberOnly : before && lateDecemberOnly);
  }

  get list(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  get notices(): ProvisionalNotice[] {
    return this.list.map((year) => ({ year, lateDecemberOnly: this.years.get(year) === true }));
  }

  get warnings(): string[] {
    return this.notices.map((n) => provisionalWarning(n.year, n.lateDecemberOnly));
  }
}

/** Consecutive days with the same reason (and the same holiday or pause) form one group. */
function groupSkipped(skipped: readonly SkippedDay[]): SkippedGroup[] {
  const groups: SkippedGroup[] = [];
  let last: { group: SkippedGroup; day: number } | undefined;
  for (const s of skipped) {
    const name = s.reason === 'holiday' ? s.holidayName : s.reason === 'paused' ? s.pauseLabel : undefined;
    const n = toDayNumber(s.date);
    if (last && last.group.reason === s.reason && last.group.name === name && last.day === n - 1) {
      last.group.to = s.date;
      last.group.days += 1;
      if (s.reason === 'paused' && s.working) last.group.workingDays = (last.group.workingDays ?? 0) + 1;
      last.day = n;
      continue;
    }
    const group: SkippedGroup = { reason: s.reason, from: s.date, to: s.date, days: 1 };
    if (name !== undefined) group.name = name;
    if (s.reason === 'paused') group.workingDays = s.working ? 1 : 0;
    groups.push(group);
    last = { group, day: n };
  }
  return groups;
}

function rangeZh(from: IsoDate, to: IsoDate, withYear: boolean): string {
  return from === to
    ? formatMonthDayZh(from, withYear)
    : `${formatMonthDayZh(from, withYear)}至${formatMonthDayZh(to, withYear)}`;
}

const DEFAULT_PAUSE_LABEL = '期间中止';

/** The Chinese lines describing what was skipped, holidays and pauses first, weekends summed. */
export function describeSkipped(groups: readonly SkippedGroup[], withYear: boolean): string[] {
  const parts: string[] = [];
  let weekendDays = 0;
  for (const g of groups) {
    if (g.reason === 'weekend') weekendDays += g.days;
    else if (g.reason === 'holiday') parts.push(`${rangeZh(g.from, g.to, withYear)} ${g.name ?? '节假日'}放假（${g.days}天）`);
    else
      parts.push(
        `${g.name ?? DEFAULT_PAUSE_LABEL} ${rangeZh(g.from, g.to, withYear)}（${g.days}天，其中工作日${g.workingDays ?? 0}天不计入）`,
      );
  }
  if (weekendDays > 0) parts.push(`周末 ${weekendDays}天`);
  return parts;
}

export class WorkingCalendar {
  private readonly byYear: ReadonlyMap<number, HolidayFile>;
  private readonly listed: ReadonlyMap<IsoDate, HolidayDay>;

  /** Prefer `buildCalendar`. A later file for the same year replaces an earlier one. */
  constructor(files: readonly HolidayFile[]) {
    const byYear = new Map<number, HolidayFile>();
    for (const f of files) byYear.set(f.year, f);
    const listed = new Map<IsoDate, HolidayDay>();
    // Ascending by notice year, so where two notices list the same December date the later wins.
    for (const year of [...byYear.keys()].sort((a, b) => a - b)) {
      for (const d of byYear.get(year)?.days ?? []) listed.set(d.date, d);
    }
    this.byYear = byYear;
    this.listed = listed;
  }

  /** The holiday files, by ascending year (the empty placeholders included). */
  get files(): HolidayFile[] {
    return [...this.byYear.keys()].sort((a, b) => a - b).map((y) => this.byYear.get(y) as HolidayFile);
  }

  /** Years whose notice is published (a file with at least one day). */
  get publishedYears(): number[] {
    return this.files.filter((f) => f.days.length > 0).map((f) => f.year);
  }

  holidayFile(year: number): HolidayFile | undefined {
    return this.byYear.get(year);
  }

  /** No published notice for the year: the year is absent or its file lists no days. */
  isProvisional(year: number): boolean {
    const f = this.byYear.get(year);
    return f === undefined || f.days.length === 0;
  }

  /**
   * The missing notice an unlisted date depends on: its own year's, or for a date from
   * 20 December on, the next year's; undefined when the date's status is final.
   */
  provisionalNoticeYear(date: IsoDate): number | undefined {
    if (this.listed.has(date)) return undefined;
    const { year, month, day } = dateParts(date);
    if (this.isProvisional(year)) return year;
    if (month === 12 && day >= LATE_DECEMBER_FROM_DAY && this.isProvisional(year + 1)) return year + 1;
    return undefined;
  }

  dayInfo(date: IsoDate): DayInfo {
    checkDate(date, 'date');
    const weekend = isWeekend(date);
    const listed = this.listed.get(date);
    if (listed) {
      if (listed.isOffDay) return { date, working: false, reason: 'holiday', holidayName: listed.name, provisional: false };
      return weekend
        ? { date, working: true, reason: 'makeUpWorkday', holidayName: listed.name, provisional: false }
        : { date, working: true, reason: 'weekday', provisional: false };
    }
    return {
      date,
      working: !weekend,
      reason: weekend ? 'weekend' : 'weekday',
      provisional: this.provisionalNoticeYear(date) !== undefined,
    };
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.dayInfo(date).working;
  }

  /** The first working day after `date`. */
  nextWorkingDay(date: IsoDate): IsoDate {
    checkDate(date, 'date');
    let d = addDays(date, 1);
    while (!this.isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }

  /** Working days in (from, to]: after `from`, up to and including `to`; 0 when `to` ≤ `from`. */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    checkDate(from, 'from');
    checkDate(to, 'to');
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) count++;
    return count;
  }

  /**
   * The due date of a period of `n` working days starting on `start`: the start day never counts
   * (期间开始之日不计算在内), so the due date is the n-th working day after `start`. Days inside
   * `pauses` do not count either. With n = 0 the due date is `start` itself.
   */
  addWorkingDays(start: IsoDate, n: number, options: AddWorkingDaysOptions = {}): WorkingDaysResult {
    checkDate(start, 'start');
    checkCount(n, 'working days');
    const pauses = (options.pauses ?? []).map((p, i) => {
      checkDate(p.from, `pauses.${i}.from`);
      checkDate(p.to, `pauses.${i}.to`);
      if (p.to < p.from) throw new RangeError(`pauses.${i} ends before it starts: ${p.from}..${p.to}`);
      return p;
    });
    const pauseOf = (date: IsoDate) => pauses.find((p) => p.from <= date && date <= p.to);

    const tracker = new ProvisionalTracker();
    const counted: CountedDay[] = [];
    const skipped: SkippedDay[] = [];
    let date = start;
    while (counted.length < n) {
      date = addDays(date, 1);
      const info = this.dayInfo(date);
      tracker.note(this, date);
      const pause = pauseOf(date);
      if (pause) {
        skipped.push({
          date,
          reason: 'paused',
          pauseLabel: pause.label ?? DEFAULT_PAUSE_LABEL,
          working: info.working,
          provisional: info.provisional,
        });
      } else if (info.working) {
        const day: CountedDay = {
          date,
          ordinal: counted.length + 1,
          makeUpWorkday: info.reason === 'makeUpWorkday',
          provisional: info.provisional,
        };
        if (info.holidayName !== undefined) day.holidayName = info.holidayName;
        counted.push(day);
      } else {
        const day: SkippedDay = {
          date,
          reason: info.reason === 'holiday' ? 'holiday' : 'weekend',
          working: false,
          provisional: info.provisional,
        };
        if (info.holidayName !== undefined) day.holidayName = info.holidayName;
        skipped.push(day);
      }
    }
    const skippedGroups = groupSkipped(skipped);
    const makeUpWorkdays = counted.filter((c) => c.makeUpWorkday).map((c) => c.date);
    const pausedWorkingDays = skipped.filter((s) => s.reason === 'paused' && s.working).length;
    const warnings = tracker.warnings;
    const dueDate = date;

    const withYear = dateParts(start).year !== dateParts(dueDate).year;
    const lines: string[] = [];
    lines.push(
      `起算日：${formatDateZh(start)}（${weekdayZh(start)}）。期间开始之日不计算在内，自次日（${formatMonthDayZh(addDays(start, 1), withYear)}）起计算。`,
    );
    if (n === 0) {
      lines.push('计入工作日0天，到期日即起算日当日。');
    } else {
      const first = counted[0]?.date ?? dueDate;
      lines.push(`计入工作日${n}天（${rangeZh(first, dueDate, withYear)}）。`);
      const skippedParts = describeSkipped(skippedGroups, withYear);
      lines.push(`不计入：${skippedParts.length > 0 ? skippedParts.join('；') : '无'}。`);
      if (makeUpWorkdays.length > 0) {
        const list = counted
          .filter((c) => c.makeUpWorkday)
          .map((c) => `${formatMonthDayZh(c.date, withYear)}（${weekdayZh(c.date)}，${c.holidayName ?? ''}调休上班）`);
        lines.push(`调休上班日照常计入：${list.join('、')}。`);
      }
      lines.push(`到期日：${formatDateZh(dueDate)}（${weekdayZh(dueDate)}），为起算日后第${n}个工作日。`);
    }
    for (const w of warnings) lines.push(`注意：${w}。`);

    return {
      start,
      workingDays: n,
      dueDate,
      provisional: warnings.length > 0,
      provisionalYears: tracker.list,
      provisionalNotices: tracker.notices,
      counted,
      skipped,
      skippedGroups,
      makeUpWorkdays,
      pausedWorkingDays,
      warnings,
      explanation: lines.join('\n'),
    };
  }

  /**
   * A period of `n` calendar days starting on `start` (the start day does not count, so the
   * period ends on `start` + n); when that day is off, the period ends on the next working day
   * unless `rollForward` is false.
   */
  addCalendarDays(start: IsoDate, n: number, options: AddCalendarDaysOptions = {}): CalendarDaysResult {
    checkDate(start, 'start');
    checkCount(n, 'days');
    const rollForward = options.rollForward ?? true;
    const tracker = new ProvisionalTracker();
    const nominalDueDate = addDays(start, n);
    tracker.note(this, nominalDueDate);
    const rolledOver: SkippedDay[] = [];
    let dueDate = nominalDueDate;
    if (rollForward) {
      for (let info = this.dayInfo(dueDate); !info.working; info = this.dayInfo(dueDate)) {
        const day: SkippedDay = {
          date: dueDate,
          reason: info.reason === 'holiday' ? 'holiday' : 'weekend',
          working: false,
          provisional: info.provisional,
        };
        if (info.holidayName !== undefined) day.holidayName = info.holidayName;
        rolledOver.push(day);
        dueDate = addDays(dueDate, 1);
        tracker.note(this, dueDate);
      }
    }
    const warnings = tracker.warnings;
    const lines: string[] = [
      `起算日：${formatDateZh(start)}（${weekdayZh(start)}）。期间开始之日不计算在内，自次日起计算。`,
      `计算${n}日，期间届满日为${formatDateZh(nominalDueDate)}（${weekdayZh(nominalDueDate)}）。`,
    ];
    if (rolledOver.length > 0) {
      const withYear = dateParts(nominalDueDate).year !== dateParts(dueDate).year;
      const why = describeSkipped(groupSkipped(rolledOver), withYear).join('；');
      lines.push(`届满日为休息日（${why}），顺延至其后第一个工作日${formatDateZh(dueDate)}（${weekdayZh(dueDate)}）。`);
    }
    for (const w of warnings) lines.push(`注意：${w}。`);
    return {
      start,
      days: n,
      nominalDueDate,
      dueDate,
      rolledOver,
      provisional: warnings.length > 0,
      provisionalYears: tracker.list,
      provisionalNotices: tracker.notices,
      warnings,
      explanation: lines.join('\n'),
    };
  }
}

/** A calendar from holiday files (see `loadHolidayFile`); a later file for a year replaces an earlier one. */
export const buildCalendar = (files: readonly HolidayFile[]): WorkingCalendar => new WorkingCalendar(files);

/** A new calendar with `file` added, replacing any file of the same year; `calendar` is unchanged. */
export const mergeCalendar = (calendar: WorkingCalendar, file: HolidayFile): WorkingCalendar =>
  new WorkingCalendar([...calendar.files.filter((f) => f.year !== file.year), file]);

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CALENDAR as cal,
  addDays,
  buildCalendar,
  dayOfWeek,
  fromDayNumber,
  isIsoDate,
  loadHolidayFile,
  mergeCalendar,
  toDayNumber,
  type HolidayFile,
} from './index.js';

// Every expected date below was counted by hand from data/holidays-cn/<year>.json.

describe('dates', () => {
  it('round-trips day numbers and knows the weekday', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(fromDayNumber(toDayNumber('2024-02-29'))).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(dayOfWeek('2025-10-01')).toBe(3); // Wednesday
    expect(dayOfWeek('2025-09-28')).toBe(0); // Sunday
    for (let n = toDayNumber('2018-01-01'); n < toDayNumber('2028-12-31'); n += 13) {
      expect(toDayNumber(fromDayNumber(n))).toBe(n);
    }
  });

  it('rejects dates that do not exist', () => {
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-9-1')).toBe(false);
    expect(() => cal.isWorkingDay('2025-13-01')).toThrow(RangeError);
  });
});

describe('dayInfo / isWorkingDay', () => {
  it('follows the notice: holidays off, make-up workdays on, weekends off otherwise', () => {
    expect(cal.dayInfo('2025-10-01')).toEqual({
      date: '2025-10-01',
      working: false,
      reason: 'holiday',
      holidayName: '国庆节、中秋节',
      provisional: false,
    });
    expect(cal.dayInfo('2025-09-28')).toEqual({
      date: '2025-09-28',
      working: true,
      reason: 'makeUpWorkday',
      holidayName: '国庆节、中秋节',
      provisional: false,
    });
    expect(cal.dayInfo('2025-10-12')).toMatchObject({ working: false, reason: 'weekend', provisional: false });
    expect(cal.dayInfo('2025-10-13')).toMatchObject({ working: true, reason: 'weekday', provisional: false });
    expect(cal.isWorkingDay('2026-02-28')).toBe(true); // Saturday, 春节 make-up
    expect(cal.isWorkingDay('2026-02-23')).toBe(false); // Monday, 春节
    // 2020-02-03 (a Monday) is listed as a working day after the extended Spring Festival: still a weekday
    expect(cal.dayInfo('2020-02-03')).toMatchObject({ working: true, reason: 'weekday' });
  });

  it('reads December dates from the next year’s notice (cross-year caveat)', () => {
    // 2019's notice: 2018-12-29 (Saturday) worked, 12-30 and 12-31 off
    expect(cal.dayInfo('2018-12-29')).toMatchObject({ working: true, reason: 'makeUpWorkday', provisional: false });
    expect(cal.dayInfo('2018-12-31')).toMatchObject({ working: false, reason: 'holiday', holidayName: '元旦' });
    // 2023's notice lists 2022-12-31 as 元旦
    expect(cal.dayInfo('2022-12-31')).toMatchObject({ reason: 'holiday', holidayName: '元旦' });
    // but an unlisted 2018 date has no notice behind it
    expect(cal.dayInfo('2018-12-28')).toMatchObject({ working: true, provisional: true });
  });

  it('marks unannounced years provisional, never final', () => {
    expect(cal.isProvisional(2027)).toBe(true); // empty placeholder
    expect(cal.isProvisional(2030)).toBe(true); // absent
    expect(cal.isProvisional(2026)).toBe(false);
    expect(cal.isProvisional(2018)).toBe(true);
    expect(cal.dayInfo('2027-01-01')).toEqual({ date: '2027-01-01', working: true, reason: 'weekday', provisional: true });
    expect(cal.dayInfo('2027-01-02')).toMatchObject({ working: false, reason: 'weekend', provisional: true });
    // late December depends on the next notice too (New Year make-up days)
    expect(cal.dayInfo('2026-12-21').provisional).toBe(true);
    expect(cal.dayInfo('2026-12-18').provisional).toBe(false);
    expect(cal.dayInfo('2025-12-31').provisional).toBe(false); // 2026 is published
    expect(cal.publishedYears).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });
});

describe('addWorkingDays', () => {
  it('2025-09-26 + 20: National Day and Mid-Autumn 2025, make-up days 9-28 and 10-11 counted', () => {
    // 9-27 Sat off; 9-28 Sun worked (1); 9-29, 9-30 (2, 3); 10-01..10-08 off; 10-09, 10-10 (4, 5);
    // 10-11 Sat worked (6); 10-12 Sun off; 10-13..17 (7–11); 10-20..24 (12–16); 10-27..30 (17–20)
    const r = cal.addWorkingDays('2025-09-26', 20);
    expect(r.dueDate).toBe('2025-10-30');
    expect(r.provisional).toBe(false);
    expect(r.makeUpWorkdays).toEqual(['2025-09-28', '2025-10-11']);
    expect(r.counted).toHaveLength(20);
    expect(r.counted[0]).toMatchObject({ date: '2025-09-28', ordinal: 1, makeUpWorkday: true });
    expect(r.skippedGroups.filter((g) => g.reason === 'holiday')).toEqual([
      { reason: 'holiday', from: '2025-10-01', to: '2025-10-08', days: 8, name: '国庆节、中秋节' },
    ]);
    expect(r.skipped.filter((s) => s.reason === 'weekend').map((s) => s.date)).toEqual([
      '2025-09-27',
      '2025-10-12',
      '2025-10-18',
      '2025-10-19',
      '2025-10-25',
      '2025-10-26',
    ]);
    expect(r.explanation).toContain('2025年9月26日（星期五）');
    expect(r.explanation).toContain('期间开始之日不计算在内');
    expect(r.explanation).toContain('10月1日至10月8日 国庆节、中秋节放假（8天）');
    expect(r.explanation).toContain('周末 6天');
    expect(r.explanation).toContain('9月28日（星期日');
    expect(r.explanation).toContain('10月11日（星期六');
    expect(r.explanation).toContain('到期日：2025年10月30日（星期四），为起算日后第20个工作日');
  });

  it('2024-12-31 + 20: across 元旦 2025 into 春节 2025', () => {
    // 1-1 off; 1-2, 1-3 (1, 2); 1-6..10 (3–7); 1-13..17 (8–12); 1-20..24 (13–17); 1-25 Sat off;
    // 1-26 Sun worked (18); 1-27 (19); 1-28..2-4 off; 2-5 (20)
    const r = cal.addWorkingDays('2024-12-31', 20);
    expect(r.dueDate).toBe('2025-02-05');
    expect(r.makeUpWorkdays).toEqual(['2025-01-26']);
    expect(r.explanation).toContain('2025年1月1日 元旦放假（1天）');
    expect(r.explanation).toContain('2025年1月28日至2025年2月4日 春节放假（8天）');
    expect(r.explanation).toContain('周末 7天');
    expect(cal.addWorkingDays('2024-12-31', 7).dueDate).toBe('2025-01-10');
  });

  it('2026-02-10 + 20: Spring Festival 2026 with make-up Saturdays 2-14 and 2-28', () => {
    // 2-11..13 (1–3); 2-14 Sat worked (4); 2-15..23 off; 2-24..27 (5–8); 2-28 Sat worked (9);
    // 3-1 off; 3-2..6 (10–14); 3-9..13 (15–19); 3-16 (20)
    const r = cal.addWorkingDays('2026-02-10', 20);
    expect(r.dueDate).toBe('2026-03-16');
    expect(r.makeUpWorkdays).toEqual(['2026-02-14', '2026-02-28']);
    expect(r.explanation).toContain('2月15日至2月23日 春节放假（9天）');
    expect(r.explanation).toContain('周末 5天');
  });

  it('2025-01-20 + 20: Spring Festival 2025 with make-up days before and after', () => {
    // 1-21..24 (1–4); 1-26 Sun (5); 1-27 (6); 1-28..2-4 off; 2-5..7 (7–9); 2-8 Sat (10);
    // 2-10..14 (11–15); 2-17..21 (16–20)
    expect(cal.addWorkingDays('2025-01-20', 20).dueDate).toBe('2025-02-21');
  });

  it('2026-09-18 + 20: Mid-Autumn and National Day 2026 as separate holidays', () => {
    // 9-20 Sun worked (1); 9-21..24 (2–5); 9-25..27 off; 9-28..30 (6–8); 10-1..7 off; 10-8, 10-9 (9, 10);
    // 10-10 Sat worked (11); 10-12..16 (12–16); 10-19..22 (17–20)
    const r = cal.addWorkingDays('2026-09-18', 20);
    expect(r.dueDate).toBe('2026-10-22');
    expect(r.explanation).toContain('9月25日至9月27日 中秋节放假（3天）');
    expect(r.explanation).toContain('10月1日至10月7日 国庆节放假（7天）');
    expect(r.makeUpWorkdays).toEqual(['2026-09-20', '2026-10-10']);
  });

  it('a receipt on a Saturday: counting starts Monday, 清明 2025 skipped', () => {
    // 3-9 Sun off; 3-10..14 (1–5); 3-17..21 (6–10); 3-24..28 (11–15); 3-31..4-3 (16–19); 4-4..6 off; 4-7 (20)
    const r = cal.addWorkingDays('2025-03-08', 20);
    expect(r.dueDate).toBe('2025-04-07');
    expect(r.explanation).toContain('4月4日至4月6日 清明节放假（3天）');
  });

  it('never counts the start day, and counts a make-up Saturday', () => {
    expect(cal.addWorkingDays('2025-10-09', 1).dueDate).toBe('2025-10-10'); // Thursday → Friday
    expect(cal.addWorkingDays('2025-10-10', 1).dueDate).toBe('2025-10-11'); // Friday → make-up Saturday
    expect(cal.addWorkingDays('2025-10-01', 1).dueDate).toBe('2025-10-09'); // start inside the holiday
    expect(cal.addWorkingDays('2025-10-09', 0).dueDate).toBe('2025-10-09');
    expect(() => cal.addWorkingDays('2025-10-09', -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2025-10-09', 1.5)).toThrow(RangeError);
  });

  it('flags a due date in unannounced 2027 as provisional, with the warning', () => {
    // 12-11 (1); 12-14..18 (2–6); 12-21..25 (7–11); 12-28..31 (12–15); 2027-01-01 Fri counted (16,
    // provisionally); 1-4..7 (17–20)
    const r = cal.addWorkingDays('2026-12-10', 20);
    expect(r.dueDate).toBe('2027-01-07');
    expect(r.provisional).toBe(true);
    expect(r.provisionalYears).toEqual([2027]);
    expect(r.explanation).toContain('2027年放假安排尚未公布，按仅扣除周末计算，待公布后自动重算');
    expect(r.counted.find((c) => c.date === '2027-01-01')?.provisional).toBe(true);
  });

  it('flags late December when the next year is unannounced, but not earlier dates', () => {
    // 12-2..4 (1–3); 12-7..11 (4–8); 12-14..18 (9–13); 12-21, 12-22 (14, 15)
    const late = cal.addWorkingDays('2026-12-01', 15);
    expect(late.dueDate).toBe('2026-12-22');
    expect(late.provisional).toBe(true);
    expect(late.warnings[0]).toContain('2026年12月20日至12月31日可能因元旦放假调休而变化');
    const early = cal.addWorkingDays('2026-12-01', 10);
    expect(early.dueDate).toBe('2026-12-15');
    expect(early.provisional).toBe(false);
    expect(early.warnings).toEqual([]);
  });

  it('leaves pause days out and says so', () => {
    // 3-4..7 (1–4); 3-10..14 paused; 3-17..21 (5–9); 3-24..28 (10–14); 3-31..4-3 (15–18); 4-4..6 清明; 4-7, 4-8 (19, 20)
    const r = cal.addWorkingDays('2025-03-03', 20, { pauses: [{ from: '2025-03-10', to: '2025-03-14', label: '征求第三方意见' }] });
    expect(r.dueDate).toBe('2025-04-08');
    expect(r.pausedWorkingDays).toBe(5);
    expect(r.explanation).toContain('征求第三方意见 3月10日至3月14日（5天，其中工作日5天不计入）');
    expect(cal.addWorkingDays('2025-03-03', 20).dueDate).toBe('2025-03-31');
  });
});

describe('properties (every start day 2019–2026, seeded lengths)', () => {
  let seed = 20250926;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const starts: string[] = [];
  for (let d = '2019-01-01'; d <= '2026-11-15'; d = addDays(d, 1)) starts.push(d);

  it('the due date is a working day with exactly n working days after the start', () => {
    for (const start of starts) {
      const n = 1 + rand(40);
      const r = cal.addWorkingDays(start, n);
      expect(cal.isWorkingDay(r.dueDate)).toBe(true);
      expect(cal.workingDaysBetween(start, r.dueDate)).toBe(n);
      expect(r.dueDate >= addDays(start, n)).toBe(true);
      expect(r.counted.length + r.skipped.length).toBe(toDayNumber(r.dueDate) - toDayNumber(start));
    }
  });

  it('20 + k working days is k working days after the 20th (extension shifts exactly)', () => {
    for (const start of starts.filter((_, i) => i % 7 === 0)) {
      const k = 1 + rand(20);
      const due20 = cal.addWorkingDays(start, 20).dueDate;
      expect(cal.addWorkingDays(start, 20 + k).dueDate).toBe(cal.addWorkingDays(due20, k).dueDate);
    }
  });

  it('a pause inside the period shifts the due date by exactly its working days', () => {
    for (const start of starts.filter((_, i) => i % 5 === 0)) {
      const from = addDays(start, 1 + rand(10));
      const to = addDays(from, rand(15));
      const r = cal.addWorkingDays(start, 20, { pauses: [{ from, to }] });
      const inside = cal.workingDaysBetween(addDays(from, -1), to);
      expect(r.pausedWorkingDays).toBe(inside);
      expect(r.dueDate).toBe(cal.addWorkingDays(start, 20 + inside).dueDate);
    }
  });
});

describe('addCalendarDays', () => {
  it('rolls a period ending on a day off forward to the next working day', () => {
    const r = cal.addCalendarDays('2025-09-21', 10);
    expect(r.nominalDueDate).toBe('2025-10-01');
    expect(r.dueDate).toBe('2025-10-09');
    expect(r.rolledOver).toHaveLength(8);
    expect(r.explanation).toContain('顺延至其后第一个工作日2025年10月9日（星期四）');
    expect(cal.addCalendarDays('2025-09-21', 10, { rollForward: false }).dueDate).toBe('2025-10-01');
    expect(cal.addCalendarDays('2025-03-03', 30).dueDate).toBe('2025-04-02');
    expect(cal.addCalendarDays('2025-10-04', 6).dueDate).toBe('2025-10-10');
  });

  it('is provisional when the end falls in an unannounced year', () => {
    const r = cal.addCalendarDays('2026-12-01', 60);
    expect(r.nominalDueDate).toBe('2027-01-30'); // a Saturday
    expect(r.dueDate).toBe('2027-02-01');
    expect(r.provisional).toBe(true);
  });
});

describe('loadHolidayFile / mergeCalendar', () => {
  it('accepts the upstream format and drops extra keys', () => {
    const f = loadHolidayFile({
      $schema: 'x',
      $id: 'y',
      year: 2019,
      papers: ['https://www.gov.cn/'],
      days: [
        { name: '元旦', date: '2019-01-01', isOffDay: true },
        { name: '元旦', date: '2018-12-29', isOffDay: false },
      ],
    });
    expect(f.ok).toBe(true);
    if (f.ok) {
      expect(f.value).toEqual({
        year: 2019,
        papers: ['https://www.gov.cn/'],
        days: [
          { name: '元旦', date: '2018-12-29', isOffDay: false },
          { name: '元旦', date: '2019-01-01', isOffDay: true },
        ],
      });
    }
  });

  it('rejects malformed files with field messages', () => {
    const bad = loadHolidayFile({ year: '2027', days: [{ name: '', date: '2027-02-30', isOffDay: 'yes' }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('validation_failed');
      const fields = (bad.error.details as { fields: { field: string }[] }).fields.map((f) => f.field);
      expect(fields).toEqual(expect.arrayContaining(['year', 'days.0.name', 'days.0.date', 'days.0.isOffDay']));
    }
    const wrongYear = loadHolidayFile({ year: 2027, days: [{ name: '春节', date: '2026-02-01', isOffDay: true }] });
    expect(wrongYear.ok).toBe(false);
    const twice = loadHolidayFile({
      year: 2027,
      days: [
        { name: '元旦', date: '2027-01-01', isOffDay: true },
        { name: '元旦', date: '2027-01-01', isOffDay: true },
      ],
    });
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(JSON.stringify(twice.error.details)).toContain('重复');
    expect(loadHolidayFile(null).ok).toBe(false);
  });

  it('loading a new year recomputes dates and clears the provisional flag', () => {
    // An invented 2027 notice for the test only: 2026-12-31 and 2027-01-01 off.
    const file = loadHolidayFile({
      year: 2027,
      papers: [],
      days: [
        { name: '元旦', date: '2026-12-31', isOffDay: true },
        { name: '元旦', date: '2027-01-01', isOffDay: true },
      ],
    });
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    const next = mergeCalendar(cal, file.value);
    expect(cal.isProvisional(2027)).toBe(true); // the original is unchanged
    expect(next.isProvisional(2027)).toBe(false);
    expect(next.dayInfo('2026-12-31')).toMatchObject({ working: false, reason: 'holiday', holidayName: '元旦' });
    // 12-11 (1); 12-14..18 (2–6); 12-21..25 (7–11); 12-28..30 (12–14); 12-31, 1-1 off; 1-4..8 (15–19); 1-11 (20)
    const r = next.addWorkingDays('2026-12-10', 20);
    expect(r.dueDate).toBe('2027-01-11');
    expect(r.provisional).toBe(false);
    expect(r.explanation).toContain('2026年12月31日至2027年1月1日 元旦放假（2天）');
  });

  it('builds from any set of files; a year without a file is provisional', () => {
    const only2025 = buildCalendar([{ year: 2025, papers: [], days: [{ name: '元旦', date: '2025-01-01', isOffDay: true }] } satisfies HolidayFile]);
    expect(only2025.isWorkingDay('2025-01-01')).toBe(false);
    expect(only2025.isWorkingDay('2025-10-01')).toBe(true); // this partial file omits National Day
    expect(only2025.dayInfo('2024-06-03').provisional).toBe(true);
  });
});

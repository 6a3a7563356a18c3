import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDateZh, formatDurationZh, relativeTimeZh } from './time';

const now = Date.parse('2024-05-10T12:00:00+08:00');

describe('relativeTimeZh', () => {
  it('says 从未 (or the given word) without a date', () => {
    expect(relativeTimeZh(null, now)).toBe('从未');
    expect(relativeTimeZh(undefined, now, '尚未同步')).toBe('尚未同步');
    expect(relativeTimeZh('not a date', now)).toBe('从未');
  });
  it('counts seconds, minutes, hours and days', () => {
    expect(relativeTimeZh(now - 20_000, now)).toBe('刚刚');
    expect(relativeTimeZh(now - 5 * 60_000, now)).toBe('5分钟前');
    expect(relativeTimeZh(now - 59 * 60_000, now)).toBe('59分钟前');
    expect(relativeTimeZh(now - 3 * 3600_000, now)).toBe('3小时前');
    expect(relativeTimeZh(now - 30 * 3600_000, now)).toBe('昨天');
    expect(relativeTimeZh(now - 4 * 86400_000, now)).toBe('4天前');
  });
  it('gives the Beijing date for anything older than 30 days', () => {
    expect(relativeTimeZh('2024-01-02T20:00:00Z', now)).toBe('2024年1月3日');
  });
  it('treats small clock skew as 刚刚 and far-future as a date', () => {
    expect(relativeTimeZh(now + 60_000, now)).toBe('刚刚');
    expect(relativeTimeZh('2024-06-01T00:00:00+08:00', now)).toBe('2024年6月1日');
  });
  it('accepts ISO strings and Dates', () => {
    expect(relativeTimeZh(new Date(now - 2 * 60_000), new Date(now))).toBe('2分钟前');
    expect(relativeTimeZh('2024-05-10T03:30:00Z', now)).toBe('30分钟前');
  });
});

describe('formatDateTime / formatDateZh', () => {
  it('formats in China Standard Time', () => {
    expect(formatDateTime('2024-05-03T06:07:08Z')).toBe('2024-05-03 14:07');
    expect(formatDateTime('2024-05-03T06:07:08Z', true)).toBe('2024-05-03 14:07:08');
    expect(formatDateTime('2024-12-31T16:30:00Z')).toBe('2025-01-01 00:30');
    expect(formatDateZh('2024-12-31T16:30:00Z')).toBe('2025年1月1日');
    expect(formatDateTime(null)).toBe('—');
  });
});

describe('formatDurationZh', () => {
  it('uses the largest sensible units', () => {
    expect(formatDurationZh(0)).toBe('0秒');
    expect(formatDurationZh(45)).toBe('45秒');
    expect(formatDurationZh(12 * 60 + 5)).toBe('12分钟');
    expect(formatDurationZh(3 * 3600)).toBe('3小时');
    expect(formatDurationZh(3 * 3600 + 5 * 60)).toBe('3小时5分');
    expect(formatDurationZh(2 * 86400 + 4 * 3600)).toBe('2天4小时');
    expect(formatDurationZh(null)).toBe('—');
  });
});

describe('formatTodayZh', () => {
  it('names the Beijing date and weekday', async () => {
    const { formatTodayZh } = await import('./time');
    expect(formatTodayZh(Date.parse('2024-05-09T17:00:00Z'))).toBe('2024年5月10日 星期五');
  });
});

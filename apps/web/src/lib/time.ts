/** Dates as Chinese readers expect them, always in China Standard Time (the servers may be UTC). */

const TZ = 'Asia/Shanghai';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function toMs(value: string | number | Date | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

const dateParts = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parts(ms: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of dateParts.formatToParts(new Date(ms))) out[p.type] = p.value;
  return out;
}

/** `2024-05-03 14:07` in Beijing time; `—` when there is no date. */
export function formatDateTime(value: string | number | Date | null | undefined, withSeconds = false): string {
  const ms = toMs(value);
  if (ms === null) return '—';
  const p = parts(ms);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${withSeconds ? `:${p.second}` : ''}`;
}

/** `2024年5月3日` in Beijing time. */
export function formatDateZh(value: string | number | Date | null | undefined): string {
  const ms = toMs(value);
  if (ms === null) return '—';
  const p = parts(ms);
  return `${Number(p.year)}年${Number(p.month)}月${Number(p.day)}日`;
}

/**
 * How long ago, in Chinese: 刚刚, 5分钟前, 3小时前, 昨天, 4天前; older than 30 days gives the date.
 * A time slightly in the future (clock skew) counts as 刚刚. `empty` is returned for no date.
 */
export function relativeTimeZh(
  value: string | number | Date | null | undefined,
  now: number | Date,
  empty = '从未',
): string {
  const ms = toMs(value);
  if (ms === null) return empty;
  const nowMs = now instanceof Date ? now.getTime() : now;
  const diff = nowMs - ms;
  if (diff < -5 * MINUTE) return formatDateZh(ms);
  if (diff < MINUTE) return '刚刚';
  if (diff < HOUR) return `${Math.floor(diff / MINUTE)}分钟前`;
  if (diff < DAY) return `${Math.floor(diff / HOUR)}小时前`;
  if (diff < 2 * DAY) return '昨天';
  if (diff < 30 * DAY) return `${Math.floor(diff / DAY)}天前`;
  return formatDateZh(ms);
}

/** A span of seconds in words: 45秒, 12分钟, 3小时5分, 2天4小时. */
export function formatDurationZh(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}秒`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}分钟`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}小时${m % 60}分` : `${h}小时`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}天${h % 24}小时` : `${d}天`;
}

const weekday = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, weekday: 'long' });

/** `2024年5月10日 星期五`, for the masthead. */
export function formatTodayZh(now: number | Date): string {
  const ms = now instanceof Date ? now.getTime() : now;
  return `${formatDateZh(ms)} ${weekday.format(new Date(ms))}`;
}

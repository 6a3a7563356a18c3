import { domainByCode } from '../domains.js';
import { type Result, domainError, err, ok } from '../result.js';

/**
 * 索引号 (index numbers). There is no national standard, so the format is a pattern with tokens:
 * `{region}` the county's 6-digit code, `{year}` the publication year, `{seq}` or `{seq:N}` the
 * per-(county, year) sequence zero-padded to N digits, `{domain}` the domain's two-digit number
 * (00 when none). A pattern must contain {region}, {year} and {seq}: that is what makes a number
 * unique province-wide and never reused.
 */
export const DEFAULT_INDEX_PATTERN = '{region}-{year}-{seq:6}';

const TOKEN = /\{(region|year|domain|seq(?::(\d{1,2}))?)\}/g;
const LITERAL = /^[A-Za-z0-9\-_/.·〔〕（）()]*$/;

export interface IndexNumberParts {
  region: string;
  year: number;
  seq: number;
  domain?: string | null;
}

export function validateIndexPattern(pattern: string): Result<string> {
  const p = pattern.trim();
  const bad = (message: string) => err(domainError('validation_failed', message, { fields: [{ field: 'pattern', message }] }));
  if (p.length === 0 || p.length > 100) return bad('索引号格式不能为空，且不超过100个字符');
  const found = new Set<string>();
  for (const m of p.matchAll(TOKEN)) {
    const name = m[1]!.startsWith('seq') ? 'seq' : m[1]!;
    if (found.has(name)) return bad(`索引号格式中 {${name}} 只能出现一次`);
    found.add(name);
    if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 12)) return bad('序号位数应为1到12');
  }
  for (const t of ['region', 'year', 'seq']) if (!found.has(t)) return bad(`索引号格式必须包含 {${t}}，以保证全省唯一`);
  const literals = p.replace(TOKEN, '');
  if (/[{}]/.test(literals)) return bad('索引号格式含有未知的占位符（可用 {region} {year} {seq:6} {domain}）');
  if (!LITERAL.test(literals)) return bad('索引号格式只能含字母、数字和 - _ / . 等分隔符');
  return ok(p);
}

/** Formats an index number; the pattern is assumed valid (see `validateIndexPattern`). */
export function formatIndexNumber(pattern: string, parts: IndexNumberParts): string {
  return pattern.replace(TOKEN, (_m, name: string, width: string | undefined) => {
    if (name === 'region') return parts.region;
    if (name === 'year') return String(parts.year).padStart(4, '0');
    if (name === 'domain') {
      const no = parts.domain ? domainByCode(parts.domain)?.no : undefined;
      return String(no ?? 0).padStart(2, '0');
    }
    return String(parts.seq).padStart(width ? Number(width) : 6, '0');
  });
}

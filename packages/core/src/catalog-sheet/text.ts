/**
 * Text clean-up for cells of real catalog sheets: full-width forms, stray spaces where a cell
 * wrapped, list numbering, and the tick boxes (■/□) that many counties use instead of plain lists.
 */

const HAN = '\\p{Script=Han}';

/** NFKC folds full-width digits, letters and punctuation (２０, （, ；, ：) to their ASCII forms. */
export const fold = (s: string): string => s.normalize('NFKC');

/** Trims, turns non-breaking and ideographic spaces into spaces, and collapses runs of blanks; keeps line breaks. */
export function collapse(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u3000\t\f\v]/g, ' ')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .filter((line, i, lines) => line !== '' || (i > 0 && lines[i - 1] !== ''))
    .join('\n')
    .trim();
}

const SPACE_IN_HAN = new RegExp(`(?<=[${HAN}\\d])\\s+(?=[${HAN}\\d])`, 'gu');

/**
 * Removes whitespace between two Chinese characters (or digits): a wrapped cell copied from a web
 * page comes out as 「临 时 救 助」 or 「公开事项 信息形成 或变更之 日起20个 工作日内」. Only for short
 * fields (names, time limits); in contents a space may separate two bodies (「民政部 财政部」).
 */
export const despace = (s: string): string => collapse(s).replace(SPACE_IN_HAN, '');

/**
 * Strips list numbering in front of a name: 「1.」「1.1」「1、」「（一）」「一、」「①」. A number that
 * is part of the name (「12345热线」「2020年预算」) stays, since it has no separator after it.
 */
export function stripNumbering(s: string): string {
  return s
    .replace(/^\s*\d+(?:\.\d+)+\s*(?=\D)/u, '')
    .replace(/^\s*\d+[.、．]\s*(?=\D)/u, '')
    .replace(/^\s*[(（][一二三四五六七八九十\d]+[)）]\s*/u, '')
    .replace(/^\s*[一二三四五六七八九十]+[、.．]\s*/u, '')
    .replace(/^\s*[①-⑳]\s*/u, '')
    .trim();
}

/** A 「同上」 cell: the value is the one of the row above. */
export const isDitto = (s: string): boolean => /^(?:同上|同上述|同上栏|同上一行)[。.]?$/.test(despace(fold(s)));

/** Marks of a ticked box. ☒ (box with a cross) counts as ticked: on forms it marks a choice. */
export const TICKED_MARKS = '■☑☒✓✔√▣▄█◼▪◾';
/** Marks of an empty box; 「口」 (the character, typed for want of □) is handled in `splitTicks`. */
export const EMPTY_MARKS = '□☐▢◻▫◽';

const TICKED = new Set(TICKED_MARKS);
const EMPTY = new Set(EMPTY_MARKS);

export interface TickSegment {
  ticked: boolean;
  text: string;
}

/**
 * Splits a cell written as a tick list (「■政府网站 □政府公报 ■公开查阅点」) into its boxes, each with
 * the text up to the next box. Returns null when the cell has no boxes, so it is a plain list.
 * 「口」 counts as an empty box only where it starts an entry (start of cell, or after a separator)
 * and the cell is a tick list anyway (another box, or 「口」 in front of at least two entries), so
 * that 「窗口」 or 「人口」 stay words.
 */
export function splitTicks(cell: string): TickSegment[] | null {
  const s = fold(cell);
  const chars = [...s];
  const startOfEntry = (i: number) => i === 0 || /[\s;,、:。.]/.test(chars[i - 1] ?? '');
  const hasBox = chars.some((ch) => TICKED.has(ch) || EMPTY.has(ch));
  const kouAtStart = chars.filter((ch, i) => ch === '口' && startOfEntry(i)).length;
  const kouIsBox = hasBox || kouAtStart >= 2;
  if (!hasBox && !kouIsBox) return null;

  const segments: TickSegment[] = [];
  let current: TickSegment | null = null;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const isTicked = TICKED.has(ch);
    const isEmpty = EMPTY.has(ch) || (kouIsBox && ch === '口' && startOfEntry(i));
    if (isTicked || isEmpty) {
      current = { ticked: isTicked, text: '' };
      segments.push(current);
    } else if (current) {
      current.text += ch;
    }
  }
  for (const seg of segments) seg.text = seg.text.trim();
  return segments;
}

/** Drops bracketed asides: 「(电子屏)」「（社区）」「[含电子屏]」. */
export const dropParenthesised = (s: string): string =>
  s.replace(/\([^()]*\)|（[^（）]*）|\[[^\]]*\]|【[^】]*】/g, '');

/** Cuts a trailing note: 「… 注:有关公开信息可推送…」「…备注：…」. */
export const dropNote = (s: string): string => s.replace(/(?:^|[\s;,。])(?:注|备注|说明)\s*[:：].*$/su, '');

/** Chinese numerals up to 99 (「二十」「十五」「两」) or digits; undefined when it is neither. */
export function toNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  const digits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || s === '') return undefined;
  const [, tens, ten, ones] = m;
  if (!ten) return tens && !ones ? digits[tens] : undefined;
  return (tens ? digits[tens]! : 1) * 10 + (ones ? digits[ones]! : 0);
}

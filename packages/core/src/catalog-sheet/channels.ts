import { CHANNELS, type ChannelCode } from '../catalog.js';
import { collapse, dropNote, dropParenthesised, fold, splitTicks } from './text.js';

/**
 * 公开渠道和载体 as counties write them: the names of the standard list, their synonyms
 * (门户网站, 政务微博, 公示栏, 便民服务中心, …), ticked with ■/□, numbered, or separated by
 * 「、」「，」「/」「；」 spaces or line breaks.
 */
export interface ParsedChannels {
  /** recognised channels, in the order they appear, without repeats */
  codes: ChannelCode[];
  /** entries that name no channel we know (「投资项目在线审批监管平台」), as written */
  unknown: string[];
}

/**
 * Keywords found inside an entry. An entry is recognised when it contains one, so 「乡镇公示栏」,
 * 「行政村公示栏」 and 「社区/企事业单位/村公示栏」 all land on the bulletin board; the order of this
 * list breaks ties where keywords overlap (longer, more specific ones first).
 */
const KEYWORDS: readonly [string, ChannelCode][] = [
  // websites: only the government's own; 「信用中国网站」 is another platform
  ['政府门户网站', 'website'],
  ['政府网站', 'website'],
  ['门户网站', 'website'],
  ['政务网站', 'website'],
  ['政府网', 'website'],
  ['政府信息公开平台', 'website'],
  ['政府信息公开专栏', 'website'],
  ['政务公开专栏', 'website'],
  ['政府公报', 'gazette'],
  ['公报', 'gazette'],
  ['两微一端', 'new-media'],
  ['一微一端', 'new-media'],
  ['政务新媒体', 'new-media'],
  ['新媒体', 'new-media'],
  ['政务微博', 'new-media'],
  ['政务微信', 'new-media'],
  ['微信公众号', 'new-media'],
  ['微信', 'new-media'],
  ['微博', 'new-media'],
  ['客户端', 'new-media'],
  ['政务APP', 'new-media'],
  ['APP', 'new-media'],
  ['抖音', 'new-media'],
  ['新闻发布会', 'press-conference'],
  ['发布会', 'press-conference'],
  ['听证会', 'press-conference'],
  ['广播电视', 'radio-tv'],
  ['广播', 'radio-tv'],
  ['电视', 'radio-tv'],
  ['纸质媒体', 'print-media'],
  ['报刊', 'print-media'],
  ['报纸', 'print-media'],
  ['杂志', 'print-media'],
  ['宣传册', 'print-media'],
  ['宣传单', 'print-media'],
  ['明白纸', 'print-media'],
  ['公开查阅点', 'reading-point'],
  ['政府信息查阅点', 'reading-point'],
  ['查阅点', 'reading-point'],
  ['查阅室', 'reading-point'],
  ['查阅场所', 'reading-point'],
  ['档案馆', 'reading-point'],
  ['图书馆', 'reading-point'],
  ['政务服务中心', 'service-center'],
  ['行政服务中心', 'service-center'],
  ['政务服务大厅', 'service-center'],
  ['政务大厅', 'service-center'],
  ['办事大厅', 'service-center'],
  ['服务大厅', 'service-center'],
  ['提供政务服务的场所', 'service-center'],
  ['政务服务场所', 'service-center'],
  ['便民服务中心', 'service-station'],
  ['便民服务站', 'service-station'],
  ['便民服务点', 'service-station'],
  ['党群服务中心', 'service-station'],
  ['入户/现场', 'on-site'],
  ['入户', 'on-site'],
  ['现场', 'on-site'],
  ['上门', 'on-site'],
  ['公示栏', 'bulletin-board'],
  ['公开栏', 'bulletin-board'],
  ['公告栏', 'bulletin-board'],
  ['宣传栏', 'bulletin-board'],
  ['村务公开栏', 'bulletin-board'],
  ['电子屏', 'bulletin-board'],
  ['显示屏', 'bulletin-board'],
  ['精准推送', 'targeted-push'],
  ['短信', 'targeted-push'],
  ['推送', 'targeted-push'],
  ['12345', 'hotline-12345'],
  ['热线', 'hotline-12345'],
];

/** 「其他」 and 「其他基层公共服务平台」, 「其他法律服务网」: the catalog's own 「其他」 box. */
const OTHER = /^其他|^其它/;

const codesIn = (entry: string): ChannelCode[] => {
  const found: { at: number; code: ChannelCode }[] = [];
  let rest = entry.toUpperCase();
  for (const [word, code] of KEYWORDS) {
    let at = rest.indexOf(word);
    while (at >= 0) {
      found.push({ at, code });
      rest = rest.slice(0, at) + '\u0000'.repeat(word.length) + rest.slice(at + word.length);
      at = rest.indexOf(word);
    }
  }
  if (OTHER.test(entry)) found.push({ at: 0, code: 'other' });
  return found.sort((a, b) => a.at - b.at).map((f) => f.code);
};

const matches = (piece: string) => codesIn(piece).length > 0;

/** Separators between entries of a plain (unticked) list; 「/」 is not one: 「发布会/听证会」 is one channel. */
const SEPARATORS = /[、,，;；\n。:：]+|(?:^|\s)(?:\d{1,2}[.、．)）](?=\D)|[①-⑳])|[①-⑳]/u;

/** A standard channel name written exactly, e.g. 「社区/企事业单位/村公示栏」, is one entry. */
const EXACT = new Map<string, ChannelCode>(CHANNELS.map((c) => [c.name, c.code]));

function entriesOf(cell: string): string[] {
  const ticks = splitTicks(cell);
  if (ticks) return ticks.filter((t) => t.ticked).map((t) => t.text);
  return cell.split(SEPARATORS).filter((e): e is string => typeof e === 'string');
}

const tidy = (s: string): string =>
  s
    .replace(/^[\s.、,，;；:：\-—]+|[\s.、,，;；:：。\-—]+$/g, '')
    .replace(/^\d{1,2}[.、．)）]\s*/, '')
    .trim();

export function parseChannels(cell: string | null | undefined): ParsedChannels {
  const codes: ChannelCode[] = [];
  const unknown: string[] = [];
  const add = (cs: ChannelCode[]) => {
    for (const c of cs) if (!codes.includes(c)) codes.push(c);
  };
  const text = dropNote(fold(collapse(cell ?? '')));
  const entries = entriesOf(dropParenthesised(text)).map(tidy);
  for (let e = 0; e < entries.length; e++) {
    let entry = entries[e]!;
    if (entry === '') continue;
    // 「社区/企事业单位、村公示栏」: a 「/」 list cut in two by a 「、」 is one channel
    const next = entries[e + 1];
    if (entry.includes('/') && !matches(entry) && next !== undefined && matches(entry + next)) {
      entry += next;
      e++;
    }
    const exact = EXACT.get(entry.replace(/\s+/g, ''));
    if (exact) {
      add([exact]);
      continue;
    }
    // Within an entry, spaces separate channels (「行政村公示栏 乡镇公示栏」) or are stray
    // (「政务 服务中心」): a piece that names nothing is read together with the next one.
    const pieces = entry.split(/\s+/).filter(Boolean);
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      const joined = i + 1 < pieces.length ? piece + pieces[i + 1] : undefined;
      if (matches(piece)) add(codesIn(piece));
      else if (joined !== undefined && matches(joined)) {
        add(codesIn(joined));
        i++;
      } else unknown.push(piece);
    }
  }
  return { codes, unknown };
}

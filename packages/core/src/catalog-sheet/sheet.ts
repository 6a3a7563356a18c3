import {
  AUDIENCE_NAMES,
  type Audience,
  type CatalogItemInput,
  type CatalogLevel,
  type ChannelCode,
  type DisclosureMethod,
  catalogItemInputSchema,
  zodIssuesToFields,
} from '../catalog.js';
import type { DomainCode } from '../domains.js';
import { parseChannels } from './channels.js';
import { SHEET_COLUMN_NAMES, type SheetColumn, columnOf, subColumnOf } from './columns.js';
import { parseAudience, parseDomain, parseLevels, parseMethod } from './fields.js';
import { type TimeLimitRule, parseTimeLimit } from './time-limit.js';
import { EMPTY_MARKS, TICKED_MARKS, collapse, despace, fold, isDitto, stripNumbering } from './text.js';

/** A cell grid as read from a worksheet: `grid[r][c]` is sheet row r + 1, column c + 1. */
export type SheetGrid = readonly (readonly (string | null | undefined)[])[];

/** A problem with one cell (or a whole row when `column` is empty), by sheet row number. */
export interface CellProblem {
  /** 1-based row number as the spreadsheet shows it; 0 for the sheet as a whole */
  row: number;
  /** the column's header as the sheet has it (or the standard name), '' for the whole row */
  column: string;
  message: string;
  /** the cell's text as seen ('' when empty) */
  value: string;
}

export interface SheetRow {
  row: number;
  domain: DomainCode | null;
  /** 一级事项, when the sheet has one */
  category: string | null;
  /** the validated elements, when the row has no problems (scope-free: the caller still checks townships) */
  item?: CatalogItemInput;
  /** what the time limit phrase means, when it could be read */
  timeLimitRule: TimeLimitRule | null;
  problems: CellProblem[];
  /** readings that were not literal (defaults, 县级+乡级 → 县级, unknown channels → 其他) */
  warnings: CellProblem[];
}

export interface NormalisedSheet {
  sheetName: string | null;
  /** 1-based row number of the header's first row; null when no header was found */
  headerRow: number | null;
  /** the column each sheet column was read as (1-based column numbers) */
  columns: { column: number; header: string; reads: SheetColumn }[];
  /** the domain named by the sheet name or the title rows, if any */
  domain: DomainCode | null;
  title: string | null;
  rows: SheetRow[];
  /** problems of the sheet as a whole (no header, a required column missing) */
  problems: CellProblem[];
  /** rows that were not read as items: section titles, notes, repeated headers */
  skipped: { row: number; reason: string; text: string }[];
}

export interface NormaliseOptions {
  sheetName?: string;
  /** the domain when neither a 领域 column, the sheet name nor the title names one */
  defaultDomain?: DomainCode;
  /** the county's townships, to resolve a 乡镇（街道） column or a township named in 公开主体 */
  townships?: readonly { code: string; name: string }[];
  /** the township of township-level rows that name none (a township's own sheet) */
  defaultTownshipCode?: string;
  /** values for empty 公开对象/公开方式/公开层级 cells or missing columns; without them such cells are problems */
  defaults?: { audience?: Audience; method?: DisclosureMethod; level?: CatalogLevel };
  /** how many rows from the top may hold titles before the header (default 20) */
  maxHeaderScan?: number;
}

const MAIN_COLUMNS: ReadonlySet<SheetColumn> = new Set([
  'domain',
  'category',
  'name',
  'content',
  'legalBasis',
  'timeLimit',
  'responsibleBody',
  'channels',
  'audience',
  'method',
  'level',
  'township',
]);

const text = (v: string | null | undefined): string => (v == null ? '' : String(v)).trim();

/** How many distinct element columns a row names: 4 or more makes it a header. */
function headerScore(row: readonly (string | null | undefined)[]): number {
  const seen = new Set<SheetColumn>();
  for (const cell of row) {
    const c = columnOf(text(cell));
    if (c && MAIN_COLUMNS.has(c)) seen.add(c === 'category' ? 'name' : c);
    if (c?.includes('.')) seen.add(c.split('.')[0] as SheetColumn);
  }
  return seen.size;
}

/** The second row of a two-row header holds only labels (or the first row's merged labels). */
function isSubHeader(header: readonly (string | null | undefined)[], next: readonly (string | null | undefined)[] | undefined): boolean {
  if (!next) return false;
  let labels = 0;
  let own = 0;
  for (let c = 0; c < next.length; c++) {
    const cell = text(next[c]);
    if (cell === '') continue;
    const parent = columnOf(text(header[c])) ?? parentLeftOf(header, c);
    if (cell === text(header[c])) {
      labels++;
      continue;
    }
    if (!subColumnOf(parent, cell)) return false;
    labels++;
    own++;
  }
  return labels > 0 && own > 0;
}

/** A horizontally merged parent label is only in its first cell when merges were not filled in. */
function parentLeftOf(header: readonly (string | null | undefined)[], c: number): SheetColumn | undefined {
  for (let i = c; i >= 0; i--) {
    const t = text(header[i]);
    if (t !== '') return columnOf(t);
  }
  return undefined;
}

function mapColumns(header: readonly (string | null | undefined)[], sub: readonly (string | null | undefined)[] | undefined) {
  const width = Math.max(header.length, sub?.length ?? 0);
  const out: { index: number; header: string; reads: SheetColumn }[] = [];
  for (let c = 0; c < width; c++) {
    const top = text(header[c]);
    const below = text(sub?.[c]);
    const parent = top !== '' ? columnOf(top) : parentLeftOf(header, c);
    let reads: SheetColumn | undefined;
    let label = top;
    if (sub && below !== '' && below !== top) {
      reads = subColumnOf(parent, below);
      label = top !== '' && top !== below ? `${top}：${below}` : below;
      if (top === '' && parent) label = `${SHEET_COLUMN_NAMES[parent]}：${below}`;
    } else {
      reads = parent && top !== '' ? parent : undefined;
    }
    if (!reads) continue;
    // 「公开事项」 merged over two columns without sub-labels: 一级 then 二级
    const prev = out[out.length - 1];
    if (reads === 'name' && prev?.reads === 'name' && prev.index === c - 1 && prev.header === label) prev.reads = 'category';
    if (out.some((o) => o.reads === reads)) continue;
    out.push({ index: c, header: label, reads });
  }
  return out;
}

const TICK_CELL_EMPTY = new RegExp(`^[${EMPTY_MARKS}口×✗✘否无/\\-—]*$`, 'u');
const TICK_MARKS_RE = new RegExp(`[${TICKED_MARKS}${EMPTY_MARKS}]`, 'gu');

/** A cell of a split tick column (「全社会 | 特定群体」): ticked unless empty, □, 否, ×. */
const tickedCell = (s: string) => s !== '' && !TICK_CELL_EMPTY.test(s.replace(/\s+/g, ''));
const tickNote = (s: string) => {
  const t = collapse(fold(s).replace(TICK_MARKS_RE, '')).replace(/^[(（:：\s]+|[)）\s]+$/g, '');
  return t === '' || /^[是有√✓✔]$/.test(t) ? null : t;
};

const SECTION_SKIP = /^(注|备注|说明|填表说明|填报说明|合计|总计|附件|附表|填报单位|制表|审核人|联系人|联系电话)/;

/** The townships a text names: exact names first, then names contained in it (「西兆通镇人民政府」). */
function townshipIn(
  value: string,
  townships: readonly { code: string; name: string }[],
): { code: string; name: string } | undefined {
  const v = despace(value).replace(/\s+/g, '');
  if (v === '') return undefined;
  const exact = townships.find((t) => t.name === v || t.code === v);
  if (exact) return exact;
  const contained = townships.filter((t) => v.includes(t.name));
  return contained.length === 1 ? contained[0] : undefined;
}

const FIELD_COLUMN: Partial<Record<string, SheetColumn>> = {
  domain: 'domain',
  level: 'level',
  townshipCode: 'township',
  name: 'name',
  category: 'category',
  content: 'content',
  legalBasis: 'legalBasis',
  timeLimit: 'timeLimit',
  responsibleBody: 'responsibleBody',
  method: 'method',
  channels: 'channels',
  audience: 'audience',
  audienceNote: 'audience',
};

/**
 * Reads one worksheet of a disclosure catalog into catalog items. Finds the header below any
 * title rows (one- or two-row headers, standard names and common variants, tick columns split
 * under 公开对象/公开方式/公开层级), fills 「同上」 from the row above, and blank 领域 and 一级事项
 * cells too (merged cells that were not filled in; 一级事项 only within one domain), takes the
 * domain from a 领域 column, a section row, the sheet name, the title or `defaultDomain`, and
 * validates every row on its own. Pure: the caller reads the file (filling merged ranges with their
 * first cell's text) and checks the county scope (`validateCatalogItem`).
 *
 * A row naming both 县级 and 乡级 becomes one county-level item (with a warning): the county's
 * catalog is where such an item is kept, and per-township copies are a decision for the county.
 */
export function normaliseSheet(grid: SheetGrid, opts: NormaliseOptions = {}): NormalisedSheet {
  const sheetName = opts.sheetName ?? null;
  const result: NormalisedSheet = {
    sheetName,
    headerRow: null,
    columns: [],
    domain: null,
    title: null,
    rows: [],
    problems: [],
    skipped: [],
  };
  const scan = Math.min(grid.length, opts.maxHeaderScan ?? 20);
  let h = -1;
  for (let r = 0; r < scan; r++) {
    if (headerScore(grid[r] ?? []) >= 4) {
      h = r;
      break;
    }
  }
  if (h < 0) {
    const empty = grid.every((row) => row.every((c) => text(c) === ''));
    if (!empty) {
      result.problems.push({
        row: 0,
        column: '',
        message: `找不到表头：前${scan}行中没有一行列出公开事项、公开内容、公开依据、公开时限、公开主体、公开渠道等列名`,
        value: '',
      });
    }
    return result;
  }
  result.headerRow = h + 1;
  const titleText = grid
    .slice(0, h)
    .flatMap((row) => row.map(text))
    .filter((t, i, all) => t !== '' && all.indexOf(t) === i)
    .join(' ');
  result.title = titleText === '' ? null : titleText;
  result.domain = parseDomain(sheetName) ?? parseDomain(titleText);

  const header = grid[h]!;
  const sub = isSubHeader(header, grid[h + 1]) ? grid[h + 1] : undefined;
  const columns = mapColumns(header, sub);
  result.columns = columns.map((c) => ({ column: c.index + 1, header: c.header, reads: c.reads }));
  const col = new Map(columns.map((c) => [c.reads, c]));
  const has = (k: SheetColumn) => col.has(k);
  const label = (k: SheetColumn) => col.get(k)?.header ?? SHEET_COLUMN_NAMES[k];

  const missing: string[] = [];
  if (!has('name') && !has('category')) missing.push('二级事项（事项名称）');
  for (const k of ['content', 'legalBasis', 'timeLimit', 'responsibleBody', 'channels'] as const) {
    if (!has(k)) missing.push(SHEET_COLUMN_NAMES[k]);
  }
  const group = (k: 'audience' | 'method' | 'level') =>
    has(k) || [...col.keys()].some((c) => c.startsWith(`${k}.`)) || opts.defaults?.[k] !== undefined;
  if (!group('audience')) missing.push(SHEET_COLUMN_NAMES.audience);
  if (!group('method')) missing.push(SHEET_COLUMN_NAMES.method);
  if (!group('level')) missing.push(SHEET_COLUMN_NAMES.level);
  if (missing.length > 0) {
    result.problems.push({
      row: h + 1,
      column: '',
      message: `表头缺少以下列：${missing.join('、')}`,
      value: header.map(text).filter(Boolean).join(' | '),
    });
    return result;
  }

  const first = h + (sub ? 2 : 1);
  const previous = new Map<SheetColumn, string>();
  let sectionDomain: DomainCode | null = null;
  let sectionCategory: string | null = null;
  let previousDomain: DomainCode | null = null;

  for (let r = first; r < grid.length; r++) {
    const cells = grid[r] ?? [];
    const rowNo = r + 1;
    const raw = new Map<SheetColumn, string>();
    for (const c of columns) raw.set(c.reads, text(cells[c.index]));
    const texts = cells.map(text).filter((t) => t !== '');
    if (texts.length === 0) continue;
    if (headerScore(cells) >= 4) {
      result.skipped.push({ row: rowNo, reason: '重复的表头', text: texts.join(' | ') });
      continue;
    }
    // one text across the row (a merged title) or in one cell only: a section title or a note
    if (new Set(texts).size === 1) {
      const only = texts[0]!;
      const named = parseDomain(only);
      if (/^\d+$/.test(only)) {
        // a numbered but empty row of a template: nothing to report
      } else if (SECTION_SKIP.test(despace(only))) {
        result.skipped.push({ row: rowNo, reason: '注释行', text: only });
      } else if (named && only.replace(/\s+/g, '').length <= 30) {
        sectionDomain = named;
        sectionCategory = null;
        result.skipped.push({ row: rowNo, reason: '领域标题行', text: only });
      } else {
        sectionCategory = stripNumbering(despace(only));
        result.skipped.push({ row: rowNo, reason: '分类标题行', text: only });
      }
      continue;
    }
    result.rows.push(readRow(rowNo, raw));
  }
  return result;

  function readRow(rowNo: number, raw: Map<SheetColumn, string>): SheetRow {
    const problems: CellProblem[] = [];
    const warnings: CellProblem[] = [];
    const reported = new Set<string>();
    const problem = (k: SheetColumn, message: string, value = raw.get(k) ?? '') => {
      reported.add(k === 'township' ? 'level' : k.split('.')[0]!);
      problems.push({ row: rowNo, column: label(k), message, value });
    };
    const warn = (k: SheetColumn, message: string, value = raw.get(k) ?? '') =>
      warnings.push({ row: rowNo, column: label(k), message, value });

    // 「同上」 takes the value above; a blank 领域 is a merged cell carried down
    for (const [k, v] of raw) {
      if (v !== '' && isDitto(v)) {
        const above = previous.get(k);
        if (above === undefined || above === '') problem(k, '「同上」但上一行这一列没有内容', v);
        raw.set(k, above ?? '');
      } else if (v === '' && k === 'domain') {
        raw.set(k, previous.get(k) ?? '');
      }
    }
    const get = (k: SheetColumn) => raw.get(k) ?? '';

    // domain
    let domain: DomainCode | null = null;
    if (get('domain') !== '') {
      domain = parseDomain(get('domain'));
      if (!domain) problem('domain', '所属领域不是26个试点领域之一');
    } else {
      domain = sectionDomain ?? result.domain ?? opts.defaultDomain ?? null;
      if (!domain) problem('domain', '无法确定所属领域：请填写「所属领域」列，或用领域名称命名工作表');
    }
    // a blank 一级事项 is a merged cell carried down, within the same domain only
    if (get('category') === '' && domain !== null && domain === previousDomain) raw.set('category', previous.get('category') ?? '');
    for (const [k, v] of raw) previous.set(k, v);
    previousDomain = domain;

    // 一级事项 and 二级事项
    let category: string | null = has('category') ? stripNumbering(despace(get('category'))) || null : sectionCategory;
    let name = has('name') ? stripNumbering(despace(get('name'))) : '';
    if (!has('name')) {
      name = category ?? '';
      category = null;
    }

    // 公开时限
    const time = parseTimeLimit(get('timeLimit'));

    // 公开渠道和载体
    const ch = parseChannels(get('channels'));
    const codes: ChannelCode[] = [...ch.codes];
    if (ch.unknown.length > 0) {
      if (!codes.includes('other')) codes.push('other');
      warn('channels', `未识别的渠道按「其他」导入：${ch.unknown.join('、')}`);
    }
    if (codes.length === 0 && get('channels') !== '') problem('channels', '没有勾选或写明任何公开渠道');

    // 公开对象
    let audience: Audience | null = null;
    let audienceNote: string | null = null;
    if (has('audience')) {
      const a = parseAudience(get('audience'));
      audience = a.audience;
      audienceNote = a.note;
      if (!audience && get('audience') !== '') problem('audience', '公开对象应为「全社会」或「特定群体（注明群体）」');
    } else if (has('audience.public') || has('audience.specific')) {
      const pub = tickedCell(get('audience.public'));
      const spec = tickedCell(get('audience.specific'));
      if (pub) audience = 'public';
      else if (spec) {
        audience = 'specific';
        audienceNote = tickNote(get('audience.specific'));
      }
    }
    if (audience === 'specific' && !audienceNote) {
      problem(has('audience') ? 'audience' : 'audience.specific', '公开对象为特定群体时须注明群体');
    }
    if (!audience) {
      const missingCell = get('audience') === '' || !has('audience');
      if (missingCell && opts.defaults?.audience) {
        audience = opts.defaults.audience;
        warn(has('audience') ? 'audience' : 'audience.public', `公开对象为空，按「${AUDIENCE_NAMES[audience]}」导入`);
      } else if (missingCell) problem(has('audience') ? 'audience' : 'audience.public', '公开对象为空');
    }

    // 公开方式
    let methods: DisclosureMethod[] = [];
    if (has('method')) methods = parseMethod(get('method'));
    else {
      if (tickedCell(get('method.proactive'))) methods.push('proactive');
      if (tickedCell(get('method.onRequest'))) methods.push('onRequest');
    }
    let method: DisclosureMethod | null = methods[0] ?? null;
    const methodCol: SheetColumn = has('method') ? 'method' : 'method.proactive';
    if (methods.length > 1) {
      method = 'proactive';
      warn(methodCol, '同时标注了主动公开和依申请公开，按主动公开导入');
    }
    if (!method) {
      if (get('method') === '' && opts.defaults?.method) {
        method = opts.defaults.method;
        warn(methodCol, `公开方式为空，按「${method === 'proactive' ? '主动公开' : '依申请公开'}」导入`);
      } else problem(methodCol, get('method') === '' ? '公开方式为空' : '公开方式应为「主动公开」或「依申请公开」');
    }

    // 公开层级 (and the township of a township-level item)
    const levelCol: SheetColumn = has('level') ? 'level' : 'level.county';
    let levels: CatalogLevel[] = [];
    let unknownLevels: string[] = [];
    let village = false;
    if (has('level')) {
      const l = parseLevels(get('level'));
      levels = l.levels;
      unknownLevels = l.unknown;
      village = l.village;
    } else {
      if (tickedCell(get('level.county'))) levels.push('county');
      if (tickedCell(get('level.township'))) levels.push('township');
      village = tickedCell(get('level.village'));
    }
    let level: CatalogLevel | null = null;
    if (levels.length === 2) {
      level = 'county';
      warn(levelCol, '同时列明县级和乡级，按县级事项导入（乡镇事项可在目录中另建）');
    } else if (levels.length === 1) level = levels[0]!;
    if (level && unknownLevels.length > 0) warn(levelCol, `忽略无法识别的层级：${unknownLevels.join('、')}`);
    if (!level) {
      const empty = (has('level') ? get('level') : '') === '' && !village && unknownLevels.length === 0;
      if (empty && opts.defaults?.level) {
        level = opts.defaults.level;
        warn(levelCol, `公开层级为空，按「${level === 'county' ? '县级' : '乡级'}」导入`);
      } else if (village && unknownLevels.length === 0) {
        problem(levelCol, '村级事项属于村（居）务公开，不纳入县级事项目录');
      } else if (unknownLevels.length > 0) {
        problem(levelCol, `公开层级应为县级或乡级，无法识别：${unknownLevels.join('、')}`);
      } else problem(levelCol, '公开层级为空');
    }
    let townshipCode: string | null = null;
    if (level === 'township') {
      const towns = opts.townships ?? [];
      const named = get('township');
      const fromColumn = named !== '' ? townshipIn(named, towns) : undefined;
      if (named !== '' && !fromColumn) {
        if (/^\d{12}$/.test(named)) townshipCode = named;
        else problem('township', '不是本县（市、区）的乡镇（街道）');
      } else if (fromColumn) townshipCode = fromColumn.code;
      else {
        townshipCode = townshipIn(get('responsibleBody'), towns)?.code ?? opts.defaultTownshipCode ?? null;
        if (!townshipCode) problem(has('township') ? 'township' : levelCol, '乡级事项须写明所属乡镇（街道）：请填写「乡镇（街道）」列');
      }
    }

    const input = {
      domain: domain ?? undefined,
      level: level ?? undefined,
      townshipCode,
      name,
      content: collapse(get('content')),
      legalBasis: collapse(get('legalBasis')),
      timeLimit: time.phrase,
      responsibleBody: collapse(get('responsibleBody')),
      method: method ?? undefined,
      channels: codes,
      audience: audience ?? undefined,
      audienceNote,
      category,
    };
    const parsed = catalogItemInputSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of zodIssuesToFields(parsed.error.issues)) {
        const field = issue.field.split('.')[0]!;
        const k = FIELD_COLUMN[field];
        // what was reported above (an unreadable 公开方式, a missing township) is not reported twice
        const group = field === 'townshipCode' ? 'level' : field === 'audienceNote' ? 'audience' : field;
        if (reported.has(group)) continue;
        if (k) problem(k, issue.message, get(k));
        else problems.push({ row: rowNo, column: '', message: issue.message, value: '' });
      }
    }
    // in the order of the sheet's columns, so a reader can go along the row
    const at = (column: string) => columns.findIndex((c) => c.header === column);
    problems.sort((a, b) => at(a.column) - at(b.column));
    warnings.sort((a, b) => at(a.column) - at(b.column));
    const row: SheetRow = { row: rowNo, domain, category, timeLimitRule: time.rule, problems, warnings };
    if (problems.length === 0 && parsed.success) row.item = parsed.data;
    return row;
  }
}

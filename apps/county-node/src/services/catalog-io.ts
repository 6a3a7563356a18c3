/**
 * The county's catalog in and out of Excel: export in the standard layout, import of county sheets
 * as drafts. Parsing and normalising are core's (`normaliseSheet`); this module reads and writes
 * the .xlsx files and writes the imported items through `createItem`, in one transaction.
 */
import {
  type CatalogItemInput,
  type DomainCode,
  type Result,
  SHEET_COLUMN_NAMES,
  type SheetGrid,
  catalogSheetLayout,
  domainError,
  err,
  normaliseSheet,
  ok,
  parseDomain,
  validateCatalogItem,
} from '@zwgk/core';
import { catalogItems } from '@zwgk/db/sqlite';
import { and, asc, eq, isNull } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { type AuthUser, requireRole } from './accounts.js';
import { writeAudit } from './audit.js';
import { CATALOG_WRITERS, createItem, toView } from './catalog.js';
import { type ServiceDeps, nowOf } from './context.js';
import { renderCatalogWorkbook } from '@zwgk/server';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The largest workbook accepted for import. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** What the workbook may unpack to: text compresses about tenfold, so a 10 MB sheet stays well below. */
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;
/** Rows of items in one import (a county catalog has hundreds, a province guideline a few thousand). */
export const MAX_IMPORT_ROWS = 20_000;

export const IMPORT_MODES = ['all', 'valid'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const importQuerySchema = z.object({
  mode: z.enum(IMPORT_MODES, { error: 'mode 只能是 all（有错则全部不导入）或 valid（只导入无误的行）' }).default('all'),
  domain: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      const code = parseDomain(v);
      if (!code) ctx.addIssue({ code: 'custom', message: '所属领域不是26个试点领域之一' });
      return code ?? undefined;
    })
    .describe('所属领域（代码或名称）：工作表、标题和「所属领域」列都没有写明领域时使用'),
});

/** One problem of the import: the sheet, its row number as Excel shows it, the column, the value seen. */
export interface ImportIssue {
  sheet: string;
  row: number;
  column: string;
  message: string;
  value: string;
}

export interface ImportResult {
  imported: number;
  /** rows not imported, each with what is wrong */
  errors: ImportIssue[];
  /** rows imported with a reading that was not literal (defaults, 县级+乡级 → 县级, unknown channels → 其他), and skipped sheets and rows */
  warnings: ImportIssue[];
  /** the created drafts, by sheet and row */
  created: { sheet: string; row: number; id: string }[];
}

const issueSchema = z.object({ sheet: z.string(), row: z.number().int(), column: z.string(), message: z.string(), value: z.string() });
export const importResultSchema = z.object({
  imported: z.number().int(),
  errors: z.array(issueSchema),
  warnings: z.array(issueSchema),
  created: z.array(z.object({ sheet: z.string(), row: z.number().int(), id: z.string() })),
});

const badFile = (message: string) => err(domainError('bad_request', message));

/** Zip entries as the central directory declares them; null when the bytes are not a well-formed zip. */
function zipEntries(bytes: Uint8Array): { name: string; size: number; compressed: number }[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const min = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= min; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const entries: { name: string; size: number; compressed: number }[] = [];
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    entries.push({ name, size, compressed });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

/**
 * Checks by content that the bytes are an .xlsx workbook (a zip holding xl/workbook.xml) before
 * any parser sees them, and that they do not unpack to more than `MAX_UNZIPPED_BYTES`.
 */
export function checkWorkbookBytes(bytes: Uint8Array): Result<true> {
  if (bytes.length === 0) return badFile('上传的文件是空的');
  if (bytes.length > MAX_IMPORT_BYTES) return badFile('文件超过 10 MB，请拆分后分批导入');
  const magic = [...bytes.subarray(0, 4)];
  if (magic.join() === [0xd0, 0xcf, 0x11, 0xe0].join()) {
    return badFile('这是旧版 Excel（.xls）文件：请在 Excel 或 WPS 中另存为 .xlsx 后再导入');
  }
  if (magic.join() !== [0x50, 0x4b, 0x03, 0x04].join()) return badFile('文件不是 .xlsx 格式的 Excel 工作簿');
  const entries = zipEntries(bytes);
  if (!entries) return badFile('文件已损坏，无法作为 .xlsx 工作簿读取');
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) return badFile('压缩包里没有 Excel 工作簿：文件不是 .xlsx 格式');
  const unzipped = entries.reduce((sum, e) => sum + e.size, 0);
  if (unzipped > MAX_UNZIPPED_BYTES || entries.some((e) => e.size === 0xffffffff)) {
    return badFile('工作簿解压后过大，请拆分后分批导入');
  }
  return ok(true);
}

/** The text of a cell as a person sees it: rich text joined, formulas by their result, dates as YYYY-MM-DD. */
function cellText(cell: ExcelJS.Cell): string | null {
  const v = (cell.isMerged ? cell.master : cell).value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text; // hyperlink
    if ('result' in v) return v.result === undefined || v.result === null ? null : String(v.result);
    if ('error' in v) return null;
  }
  return String(v);
}

/** Every visible worksheet as a grid of texts; merged cells carry their master's text in every cell. */
export async function readWorkbook(bytes: Uint8Array): Promise<Result<{ name: string; grid: SheetGrid }[]>> {
  const checked = checkWorkbookBytes(bytes);
  if (!checked.ok) return checked;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer, {
      ignoreNodes: ['dataValidations', 'conditionalFormatting', 'drawing', 'picture', 'extLst'],
    });
  } catch {
    return badFile('无法读取该 Excel 文件：文件可能已损坏，或不是 Excel 保存的 .xlsx 工作簿');
  }
  const sheets: { name: string; grid: SheetGrid }[] = [];
  for (const ws of wb.worksheets) {
    if (ws.state === 'hidden' || ws.state === 'veryHidden') continue;
    // sparse: a sheet formatted down to row 65536 holds only the rows that have values
    const grid: (string | null)[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      const cells: (string | null)[] = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        cells[c - 1] = cellText(cell);
      });
      grid[r - 1] = Array.from(cells, (v) => v ?? null);
    });
    for (let i = 0; i < grid.length; i++) grid[i] ??= [];
    sheets.push({ name: ws.name, grid });
  }
  return ok(sheets);
}

/** Which column of a sheet a field of the item was read from, for an error found after reading. */
const FIELD_TO_COLUMN: Record<string, keyof typeof SHEET_COLUMN_NAMES> = {
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

interface ReadyRow {
  sheet: string;
  row: number;
  item: CatalogItemInput;
}

export interface ImportOptions {
  mode?: ImportMode;
  /** the domain of sheets that name none */
  defaultDomain?: DomainCode;
  /** the uploaded file's name, for the audit log */
  fileName?: string;
}

/**
 * Imports a workbook into the county's catalog as drafts. Every row of every catalog sheet is read
 * (`normaliseSheet`) and validated for this county (`validateCatalogItem`). With mode `all` nothing
 * is written when any row fails, and the answer is `validation_failed` with
 * `details: {imported: 0, errors, warnings}`; with mode `valid` the valid rows are imported and the
 * others reported. The drafts are created by `createItem` (record, version, audit and outbox row
 * each), all in one SQLite transaction with an audit row for the import itself.
 */
export async function importCatalog(
  deps: ServiceDeps,
  actor: AuthUser,
  bytes: Uint8Array,
  opts: ImportOptions = {},
): Promise<Result<ImportResult>> {
  const allowed = requireRole(actor, CATALOG_WRITERS);
  if (!allowed.ok) return allowed;
  const mode = opts.mode ?? 'all';
  const read = await readWorkbook(bytes);
  if (!read.ok) return read;

  const scope = { code: deps.county.code, townshipCodes: deps.county.townshipCodes };
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const ready: ReadyRow[] = [];
  const seen = new Map<string, { sheet: string; row: number }>();
  const notCatalog: ImportIssue[] = [];
  let catalogSheets = 0;
  let rowCount = 0;

  for (const { name, grid } of read.value) {
    const sheet = normaliseSheet(grid, {
      sheetName: name,
      townships: deps.county.townships,
      ...(opts.defaultDomain ? { defaultDomain: opts.defaultDomain } : {}),
    });
    const tag = <T extends object>(p: T) => ({ sheet: name, ...p });
    if (sheet.headerRow === null) {
      // a sheet of notes or lookups beside the catalog: reported, not an error, unless no sheet is a catalog
      for (const p of sheet.problems) notCatalog.push(tag(p));
      continue;
    }
    catalogSheets++;
    errors.push(...sheet.problems.map(tag));
    for (const s of sheet.skipped) {
      warnings.push({ sheet: name, row: s.row, column: '', message: `未作为事项导入（${s.reason}）`, value: s.text });
    }
    const columnLabel = (field: string) => {
      const key = FIELD_TO_COLUMN[field];
      if (!key) return '';
      return sheet.columns.find((c) => c.reads === key || c.reads.startsWith(`${key}.`))?.header ?? SHEET_COLUMN_NAMES[key];
    };
    rowCount += sheet.rows.length;
    if (rowCount > MAX_IMPORT_ROWS) return badFile(`一次最多导入 ${MAX_IMPORT_ROWS} 行，请拆分后分批导入`);
    for (const row of sheet.rows) {
      warnings.push(...row.warnings.map(tag));
      if (!row.item) {
        errors.push(...row.problems.map(tag));
        continue;
      }
      const valid = validateCatalogItem(row.item, scope);
      if (!valid.ok) {
        const fields = (valid.error.details as { fields?: { field: string; message: string }[] } | undefined)?.fields ?? [];
        for (const f of fields) {
          const field = f.field.split('.')[0]!;
          const value = String((row.item as Record<string, unknown>)[field] ?? '');
          errors.push({ sheet: name, row: row.row, column: columnLabel(field), message: f.message, value });
        }
        continue;
      }
      const key = JSON.stringify(valid.value);
      const first = seen.get(key);
      if (first) {
        errors.push({
          sheet: name,
          row: row.row,
          column: '',
          message: `与工作表「${first.sheet}」第${first.row}行完全相同`,
          value: valid.value.name,
        });
        continue;
      }
      seen.set(key, { sheet: name, row: row.row });
      ready.push({ sheet: name, row: row.row, item: valid.value });
    }
  }

  if (catalogSheets === 0) {
    return err(
      domainError('validation_failed', '工作簿中没有事项目录表：没有一个工作表有目录的表头', {
        imported: 0,
        errors: notCatalog.length > 0 ? notCatalog : [{ sheet: '', row: 0, column: '', message: '工作簿是空的', value: '' }],
        warnings,
      }),
    );
  }
  for (const p of notCatalog) warnings.push({ ...p, message: '不是事项目录表，已跳过' });
  if (ready.length === 0 && errors.length === 0) {
    return err(
      domainError('validation_failed', '表格中没有可导入的事项', {
        imported: 0,
        errors: [{ sheet: '', row: 0, column: '', message: '目录表头下面没有事项行', value: '' }],
        warnings,
      }),
    );
  }
  if (mode === 'all' && errors.length > 0) {
    const rows = new Set(errors.map((e) => `${e.sheet}\u0000${e.row}`)).size;
    return err(
      domainError('validation_failed', `有 ${rows} 行不符合要求，未导入任何事项；请改正后重新导入，或选择只导入无误的行`, {
        imported: 0,
        errors,
        warnings,
      }),
    );
  }

  const created: ImportResult['created'] = [];
  const at = nowOf(deps).toISOString();
  const failed = new ImportAborted();
  try {
    deps.db.transaction(
      (tx) => {
        for (const r of ready) {
          const made = createItem(deps, actor, r.item);
          if (made.ok) {
            created.push({ sheet: r.sheet, row: r.row, id: made.value.id });
            continue;
          }
          const issue = { sheet: r.sheet, row: r.row, column: '', message: made.error.message, value: r.item.name };
          if (mode === 'all') {
            failed.issue = issue;
            throw failed;
          }
          errors.push(issue);
        }
        if (created.length > 0) {
          writeAudit(tx, {
            at,
            actor: actor.username,
            action: 'catalog.import',
            entityType: 'catalog',
            entityId: deps.county.code,
            details: { file: opts.fileName ?? null, mode, imported: created.length, errors: errors.length },
          });
        }
      },
      { behavior: 'immediate' },
    );
  } catch (e) {
    if (e !== failed || !failed.issue) throw e;
    return err(
      domainError('validation_failed', '有 1 行无法保存，未导入任何事项', { imported: 0, errors: [failed.issue], warnings }),
    );
  }
  if (created.length > 0) deps.wake();
  return ok({ imported: created.length, errors, warnings, created });
}

class ImportAborted extends Error {
  issue: ImportIssue | undefined;
}

/** The county's live catalog items, oldest first (so the export keeps the order they were made in). */
export function exportableItems(deps: Pick<ServiceDeps, 'db' | 'county'>) {
  return deps.db
    .select()
    .from(catalogItems)
    .where(and(eq(catalogItems.countyCode, deps.county.code), isNull(catalogItems.deletedAt)))
    .orderBy(asc(catalogItems.createdAt), asc(catalogItems.id))
    .all()
    .map(toView);
}


/** The county's catalog as an .xlsx workbook in the standard layout, with its file name. */
export async function exportCatalog(deps: Pick<ServiceDeps, 'db' | 'county'>): Promise<{ bytes: Uint8Array; fileName: string }> {
  const layout = catalogSheetLayout(deps.county.name, exportableItems(deps));
  const bytes = await renderCatalogWorkbook(layout);
  return { bytes, fileName: `${layout.title}.xlsx` };
}

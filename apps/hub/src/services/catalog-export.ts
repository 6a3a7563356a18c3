/**
 * A county's catalog as federated, as an .xlsx workbook in the standard layout (the same layout a
 * county node exports and imports, see `catalogSheetLayout` in core).
 */
import {
  type CatalogSheetLayout,
  type ExportableItem,
  type Result,
  catalogSheetLayout,
  countyByCode6,
  domainError,
  err,
  ok,
} from '@zwgk/core';
import { type HubDb, catalogItems } from '@zwgk/db/pg';
import { and, asc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import type { Viewer } from '../deps.js';
import { reviews } from './access.js';
import { countyCatalog } from './catalog.js';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const catalogExportQuerySchema = z
  .object({
    scope: z
      .enum(['published', 'all'], { error: 'scope 只能是 published（已发布版本）或 all（全部现行事项）' })
      .optional()
      .describe('published：公众所见的已发布版本；all：全部未删除事项的当前版本（省级管理员和该县的市级审核人员，且为其默认）'),
  })
  .strict();
export type CatalogExportQuery = z.output<typeof catalogExportQuerySchema>;

/**
 * The county's items for the export. The public gets what the public catalog shows (the latest
 * published version of every item that still exists); a province admin and the city reviewers of
 * the county's city get, by default or with `scope=all`, every item that is not deleted in its
 * current version, drafts and items under review included.
 */
export async function countyCatalogWorkbook(
  db: HubDb,
  viewer: Viewer | null,
  code: string,
  query: CatalogExportQuery = {},
): Promise<Result<{ bytes: Uint8Array; fileName: string; scope: 'published' | 'all' }>> {
  const county = countyByCode6(code);
  if (!county?.inGBT2260) return err(domainError('not_found', `没有县级行政区划 ${code}`));
  const privileged = viewer !== null && reviews(viewer, code);
  const scope = query.scope ?? (privileged ? 'all' : 'published');
  if (scope === 'all' && !privileged) {
    return err(
      viewer
        ? domainError('forbidden', '只有省级管理员和该县所属市的审核人员可以导出未发布的事项')
        : domainError('unauthorized', '导出未发布的事项须先登录'),
    );
  }
  let items: ExportableItem[];
  if (scope === 'all') {
    items = await db
      .select()
      .from(catalogItems)
      .where(and(eq(catalogItems.countyCode, code), eq(catalogItems.deleted, false)))
      .orderBy(asc(catalogItems.createdAt), asc(catalogItems.id));
  } else {
    const published = await countyCatalog(db, code, {});
    if (!published.ok) return published;
    items = [...published.value.items].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }
  const layout = catalogSheetLayout(county.name, items);
  const bytes = await renderCatalogWorkbook(layout);
  const suffix = scope === 'all' ? '（含未发布事项）' : '';
  return ok({ bytes, fileName: `${layout.title}${suffix}.xlsx`, scope });
}

/**
 * Renders a catalog layout as an .xlsx workbook: one sheet, the title merged over the table, the
 * header frozen and filterable, wrapped text, column widths for A4 landscape, 一级事项 merged over
 * its items as county catalogs print them. (The county node renders its export the same way.)
 */
export async function renderCatalogWorkbook(layout: CatalogSheetLayout, sheetName = '基层政务公开标准目录'): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'zwgk';
  wb.created = new Date();
  const n = layout.header.length;
  const ws = wb.addWorksheet(sheetName, {
    views: [{ state: 'frozen', ySplit: 2, xSplit: 0 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2' },
  });
  layout.widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  const border: Partial<ExcelJS.Borders> = {
    top: { style: 'thin' },
    left: { style: 'thin' },
    bottom: { style: 'thin' },
    right: { style: 'thin' },
  };
  const title = ws.addRow([layout.title]);
  ws.mergeCells(1, 1, 1, n);
  title.height = 32;
  title.getCell(1).font = { name: '宋体', size: 16, bold: true };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };

  const header = ws.addRow(layout.header);
  header.height = 30;
  header.eachCell((cell) => {
    cell.font = { name: '宋体', size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE3EA' } };
    cell.border = border;
  });
  const short = new Set([1, 9, 10, 11, 12, 13]);
  for (const values of layout.rows) {
    const row = ws.addRow(values);
    for (let c = 1; c <= n; c++) {
      const cell = row.getCell(c);
      cell.font = { name: '宋体', size: 10 };
      cell.alignment = { vertical: 'middle', horizontal: short.has(c) ? 'center' : 'left', wrapText: true };
      cell.border = border;
    }
  }
  for (const [first, last] of layout.categoryRuns) ws.mergeCells(first + 3, 2, last + 3, 2);
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: n } };
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as unknown as ArrayBuffer);
}

import type { CatalogSheetLayout } from '@zwgk/core';
import ExcelJS from 'exceljs';

/**
 * Renders a catalog layout as an .xlsx workbook: one sheet, the title merged over the table, the
 * header frozen and filterable, wrapped text, column widths for A4 landscape, 一级事项 merged over
 * its items as county catalogs print them.
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

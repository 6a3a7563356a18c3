/**
 * A county's catalog as federated, as an .xlsx workbook in the standard layout (the same layout a
 * county node exports and imports, see `catalogSheetLayout` in core).
 */
import {
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
import { z } from 'zod';
import type { Viewer } from '../deps.js';
import { reviews } from './access.js';
import { countyCatalog } from './catalog.js';
import { renderCatalogWorkbook } from '@zwgk/server';

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


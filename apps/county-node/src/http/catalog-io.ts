/** REST routes of the catalog's Excel import and export; listed in `REST_ROUTES` (rest.ts). */
import { domainError } from '@zwgk/core';
import { AppError, type RouteDoc, bearerToken, errorBody, readQuery, unwrap } from '@zwgk/server';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { type AuthUser, authenticate } from '../services/accounts.js';
import {
  MAX_IMPORT_BYTES,
  XLSX_MIME,
  exportCatalog,
  importCatalog,
  importQuerySchema,
  importResultSchema,
} from '../services/catalog-io.js';
import type { RestDeps } from './rest.js';

export const CATALOG_IMPORT_PATH = '/api/v1/catalog/import';

/** The import's own body limit (the workbook plus the multipart envelope), instead of the API's 1 MB. */
export const importBodyLimit = bodyLimit({
  maxSize: MAX_IMPORT_BYTES + 64 * 1024,
  onError: (c) => c.json(errorBody(domainError('bad_request', '文件超过 10 MB，请拆分后分批导入')), 413),
});

const user = (c: Context, deps: RestDeps): AuthUser =>
  unwrap(authenticate(deps.services, bearerToken(c.req.header('authorization'))));

const badRequest = (message: string) => new AppError(domainError('bad_request', message));

/**
 * The uploaded workbook: the `file` field of a multipart/form-data body (what a browser form
 * sends), or the body itself when it is sent as the .xlsx media type or application/octet-stream.
 */
async function uploadedWorkbook(c: Context): Promise<{ bytes: Uint8Array; fileName: string | undefined }> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await c.req.formData();
    } catch {
      throw badRequest('无法读取上传的表单');
    }
    const file = form.get('file');
    if (!file || typeof file === 'string') throw badRequest('请在表单字段 file 中上传 .xlsx 文件');
    return { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name || undefined };
  }
  if (type.startsWith(XLSX_MIME) || type.startsWith('application/octet-stream')) {
    return { bytes: new Uint8Array(await c.req.arrayBuffer()), fileName: undefined };
  }
  throw badRequest('请以 multipart/form-data 上传 .xlsx 文件（字段名 file）');
}

/** `attachment` with an ASCII fallback name and the real (Chinese) one per RFC 6266 / 5987. */
const attachment = (fileName: string, fallback: string) =>
  `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

const TAGS = ['catalog'];

export const CATALOG_IO_ROUTES: readonly {
  doc: RouteDoc;
  handler: (c: Context, deps: RestDeps) => Response | Promise<Response>;
}[] = [
  {
    doc: {
      method: 'get',
      path: '/api/v1/catalog/export.xlsx',
      summary: '导出本县事项目录（Excel，标准目录格式）',
      description:
        '一个工作表：标题行「<县名>基层政务公开标准目录」，表头 序号 | 一级事项 | 二级事项 | 公开内容（要素） | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 | 公开对象 | 公开方式 | 公开层级 | 乡镇（街道） | 所属领域。导出的文件可原样导入。',
      tags: TAGS,
      auth: true,
      response: { description: '.xlsx 工作簿', schema: z.string().describe('binary'), contentType: XLSX_MIME },
    },
    handler: async (c, d) => {
      user(c, d);
      const { bytes, fileName } = await exportCatalog(d.services);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': XLSX_MIME,
        'content-disposition': attachment(fileName, `catalog-${d.services.county.code}.xlsx`),
        'cache-control': 'no-store',
      });
    },
  },
  {
    doc: {
      method: 'post',
      path: CATALOG_IMPORT_PATH,
      summary: '从 Excel 导入事项（导入为草稿）',
      description: [
        '请求体：multipart/form-data，字段 file 为 .xlsx 工作簿（不超过 10 MB；按文件内容识别格式），',
        '或直接以 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet 发送文件本身。',
        '支持标题行、两行表头与勾选列、合并单元格、「同上」、每个领域一个工作表（领域取自「所属领域」列、工作表名或标题）。',
        'mode=all（默认）：任何一行有误则不导入，返回 400 validation_failed，details 为 {imported: 0, errors, warnings}；',
        'mode=valid：在一个事务中导入所有无误的行，返回 {imported, errors, warnings, created}。',
        'errors 与 warnings 的每一项为 {sheet, row, column, message, value}，row 为 Excel 中的行号。',
      ].join(''),
      tags: TAGS,
      auth: true,
      query: importQuerySchema,
      response: { description: '导入结果', schema: importResultSchema },
      errors: [400, 413],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      const query = readQuery(c, importQuerySchema);
      const { bytes, fileName } = await uploadedWorkbook(c);
      const result = await importCatalog(d.services, actor, bytes, {
        mode: query.mode,
        ...(query.domain ? { defaultDomain: query.domain } : {}),
        ...(fileName ? { fileName } : {}),
      });
      return c.json(unwrap(result));
    },
  },
];

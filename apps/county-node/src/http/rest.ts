import { type CatalogItemInput, catalogItemInputSchema } from '@zwgk/core';
import {
  type RouteDoc,
  bearerToken,
  buildOpenApi,
  loginSchema,
  parseInput,
  readJson,
  readQuery,
  unwrap,
} from '@zwgk/server';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { type AuthUser, authenticate, login } from '../services/accounts.js';
import {
  adoptInputSchema,
  adoptStandardItem,
  catalogItemViewSchema,
  catalogListSchema,
  createItem,
  deleteItem,
  deletedCatalogItemSchema,
  dueItems,
  dueQuerySchema,
  getItem,
  itemReviews,
  itemVersions,
  listItems,
  listQuerySchema,
  submitItems,
  submitManyInputSchema,
  transitionInputSchema,
  transitionItem,
  updateItem,
} from '../services/catalog.js';
import {
  affectedByStandards,
  changesQuerySchema,
  declareExemption,
  exemptionInputSchema,
  exemptionViewSchema,
  guidelineChanges,
  listExemptions,
  standardsOverview,
  withdrawExemption,
} from '../services/standards.js';
import type { ServiceDeps } from '../services/context.js';
import { type NodeStatus, health, nodeInfo } from '../services/node.js';
import {
  affectedItemsSchema,
  dueListSchema,
  guidelineChangesSchema,
  guidelinesSchema,
  itemReviewsSchema,
  itemVersionsSchema,
  submittedSchema,
  deleteQuerySchema,
  healthSchema,
  nodeInfoSchema,
  patchBodyDocSchema,
  patchBodySchema,
  publicUserSchema,
  tokenResponseSchema,
  versionSchema,
} from './schemas.js';
import { CATALOG_IO_ROUTES } from './catalog-io.js';
import { RECORD_ROUTES } from './records.js';
import { RECORD_LIFECYCLE_ROUTES } from './records-lifecycle.js';
import { REQUEST_ROUTES } from './requests.js';
import { REQUEST_DOCUMENT_ROUTES } from './request-documents.js';
import { ANNUAL_REPORT_ROUTES } from './annual-report.js';

export interface RestDeps {
  services: ServiceDeps;
  status(): NodeStatus;
}

type Handler = (c: Context, deps: RestDeps) => Response | Promise<Response>;
interface Route {
  doc: RouteDoc;
  handler: Handler;
}

const user = (c: Context, deps: RestDeps): AuthUser =>
  unwrap(authenticate(deps.services, bearerToken(c.req.header('authorization'))));

const param = (c: Context, name: string): string => c.req.param(name) ?? '';

/** Splits a PATCH body into the optional expected version and the elements to change. */
function splitPatch(body: Record<string, unknown>): { version?: number; patch: Partial<CatalogItemInput> } {
  const { version, ...patch } = body;
  if (version === undefined) return { patch };
  return { version: parseInput(z.object({ version: versionSchema }), { version }).version, patch };
}

const TAG_CATALOG = ['catalog'];
const TAG_STANDARDS = ['standards'];

/**
 * Every REST route once: the handler and its OpenAPI entry live side by side, so the document
 * cannot list a route the server does not have, or miss one it does.
 */
export const REST_ROUTES: readonly Route[] = [
  {
    doc: {
      method: 'get',
      path: '/api/v1/health',
      summary: '健康检查',
      tags: ['node'],
      response: { description: '节点状态', schema: healthSchema },
    },
    handler: (c, d) => c.json(health(d.services, d.status())),
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/node',
      summary: '本节点所属县（市、区）及其乡镇、联邦状态',
      tags: ['node'],
      response: { description: '节点信息', schema: nodeInfoSchema },
    },
    handler: (c, d) => c.json(nodeInfo(d.services, d.status())),
  },
  {
    doc: {
      method: 'post',
      path: '/api/v1/auth/token',
      summary: '用户名和密码换取访问令牌（12小时有效）',
      tags: ['auth'],
      body: loginSchema,
      response: { description: '令牌', schema: tokenResponseSchema },
      errors: [401],
    },
    handler: async (c, d) => c.json(unwrap(await login(d.services, await readJson(c, loginSchema)))),
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/auth/me',
      summary: '当前用户',
      tags: ['auth'],
      auth: true,
      response: { description: '当前用户', schema: publicUserSchema },
    },
    handler: (c, d) => {
      const { username, role, displayName } = user(c, d);
      return c.json({ username, role, displayName });
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/catalog/items',
      summary: '事项目录列表（可按领域、层级、状态、关键词筛选）',
      tags: TAG_CATALOG,
      auth: true,
      query: listQuerySchema,
      response: { description: '事项列表', schema: catalogListSchema },
      errors: [400],
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(unwrap(listItems(d.services, readQuery(c, listQuerySchema))));
    },
  },
  {
    doc: {
      method: 'post',
      path: '/api/v1/catalog/items',
      summary: '新建事项（八要素必填）',
      tags: TAG_CATALOG,
      auth: true,
      body: catalogItemInputSchema,
      response: { status: 201, description: '新建的事项，含 id 与 version', schema: catalogItemViewSchema },
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      const body = await readJson(c, z.unknown());
      return c.json(unwrap(createItem(d.services, actor, body)), 201);
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/catalog/items/{id}',
      summary: '读取事项',
      tags: TAG_CATALOG,
      auth: true,
      response: { description: '事项', schema: catalogItemViewSchema },
      errors: [404],
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(unwrap(getItem(d.services, param(c, 'id'))));
    },
  },
  {
    doc: {
      method: 'patch',
      path: '/api/v1/catalog/items/{id}',
      summary: '修改事项（只传要改的要素；带 version 时做乐观并发检查）',
      tags: TAG_CATALOG,
      auth: true,
      body: patchBodyDocSchema,
      response: { description: '修改后的事项', schema: catalogItemViewSchema },
      errors: [404, 409],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      const { version, patch } = splitPatch(await readJson(c, patchBodySchema));
      return c.json(unwrap(updateItem(d.services, actor, param(c, 'id'), patch, version)));
    },
  },
  {
    doc: {
      method: 'delete',
      path: '/api/v1/catalog/items/{id}',
      summary: '删除事项（可带 ?version= 做乐观并发检查）',
      tags: TAG_CATALOG,
      auth: true,
      query: deleteQuerySchema,
      response: { description: '已删除：id、删除后的版本号与删除时间', schema: deletedCatalogItemSchema },
      errors: [400, 404, 409],
    },
    handler: (c, d) => {
      const actor = user(c, d);
      const { version } = readQuery(c, deleteQuerySchema);
      return c.json(unwrap(deleteItem(d.services, actor, param(c, 'id'), version)));
    },
  },
  {
    doc: {
      method: 'post',
      path: '/api/v1/catalog/adopt',
      summary: '采用标准事项：从现行标准指引复制为草稿（带 overrides 本地化即为调整采用）',
      tags: TAG_CATALOG,
      auth: true,
      body: adoptInputSchema,
      response: { status: 201, description: '新建的草稿事项（adoption: adopted 或 adapted）', schema: catalogItemViewSchema },
      errors: [400, 403],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      return c.json(unwrap(adoptStandardItem(d.services, actor, await readJson(c, z.unknown()))), 201);
    },
  },
  {
    doc: {
      method: 'post',
      path: '/api/v1/catalog/items/{id}/transitions',
      summary: '审核流程操作：submit（提交审核）或 withdraw（撤回提交），仅县级管理员；审核通过与退回由上级在省级平台进行',
      tags: TAG_CATALOG,
      auth: true,
      body: transitionInputSchema,
      response: { description: '操作后的事项（新版本）', schema: catalogItemViewSchema },
      errors: [400, 403, 404, 409],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      return c.json(unwrap(transitionItem(d.services, actor, param(c, 'id'), await readJson(c, z.unknown()))));
    },
  },
  {
    doc: {
      method: 'post',
      path: '/api/v1/catalog/submit',
      summary: '批量提交审核（ids 或 all: true 提交全部草稿和退回事项；整批成功或整批不提交）',
      tags: TAG_CATALOG,
      auth: true,
      body: submitManyInputSchema,
      response: { description: '已提交的事项', schema: submittedSchema },
      errors: [400, 403, 409],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      return c.json(unwrap(submitItems(d.services, actor, await readJson(c, z.unknown()))));
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/catalog/items/{id}/versions',
      summary: '事项的全部版本（含与上一版本的逐字段差异）',
      tags: TAG_CATALOG,
      auth: true,
      response: { description: '版本，从旧到新', schema: itemVersionsSchema },
      errors: [404],
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(unwrap(itemVersions(d.services, param(c, 'id'))));
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/catalog/items/{id}/reviews',
      summary: '事项收到的审核意见（新到旧）',
      tags: TAG_CATALOG,
      auth: true,
      response: { description: '审核意见', schema: itemReviewsSchema },
      errors: [404],
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(unwrap(itemReviews(d.services, param(c, 'id'))));
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/catalog/due',
      summary: '到期复核：下次复核日期在 days 天内（默认30）或已逾期的事项',
      tags: TAG_CATALOG,
      auth: true,
      query: dueQuerySchema,
      response: { description: '按复核日期排序', schema: dueListSchema },
      errors: [400],
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(unwrap(dueItems(d.services, c.req.query())));
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/catalog/exemptions',
      summary: '本县声明不适用的标准事项',
      tags: TAG_CATALOG,
      auth: true,
      response: { description: '有效的不适用声明', schema: z.array(exemptionViewSchema) },
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(listExemptions(d.services));
    },
  },
  {
    doc: {
      method: 'post',
      path: '/api/v1/catalog/exemptions',
      summary: '声明某标准事项不适用本县（须说明理由，至少5个字；仅县级管理员）',
      tags: TAG_CATALOG,
      auth: true,
      body: exemptionInputSchema,
      response: { status: 201, description: '声明', schema: exemptionViewSchema },
      errors: [400, 403, 404],
    },
    handler: async (c, d) => {
      const actor = user(c, d);
      return c.json(unwrap(declareExemption(d.services, actor, await readJson(c, z.unknown()))), 201);
    },
  },
  {
    doc: {
      method: 'delete',
      path: '/api/v1/catalog/exemptions/{standardItemId}',
      summary: '撤回不适用声明',
      tags: TAG_CATALOG,
      auth: true,
      response: { description: '撤回后的声明', schema: exemptionViewSchema },
      errors: [403, 404],
    },
    handler: (c, d) => {
      const actor = user(c, d);
      return c.json(unwrap(withdrawExemption(d.services, actor, param(c, 'standardItemId'))));
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/standards',
      summary: '本县收到的各领域现行标准指引（含标准事项及不适用声明）',
      tags: TAG_STANDARDS,
      auth: true,
      response: { description: '每个领域的现行版本', schema: guidelinesSchema },
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(standardsOverview(d.services));
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/standards/affected',
      summary: '所依据的标准事项在新版指引中被修改或删除的本县事项',
      tags: TAG_STANDARDS,
      auth: true,
      response: { description: '受影响的事项', schema: affectedItemsSchema },
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(affectedByStandards(d.services));
    },
  },
  {
    doc: {
      method: 'get',
      path: '/api/v1/standards/{domain}/changes',
      summary: '某领域指引两个版本之间的变化（新增、删除、修改的标准事项）及受影响的本县事项',
      tags: TAG_STANDARDS,
      auth: true,
      query: changesQuerySchema,
      response: { description: '变化', schema: guidelineChangesSchema },
      errors: [400, 404],
    },
    handler: (c, d) => {
      user(c, d);
      return c.json(unwrap(guidelineChanges(d.services, param(c, 'domain'), c.req.query())));
    },
  },
  ...CATALOG_IO_ROUTES,
  // before REQUEST_ROUTES: `{year}.docx` must win over `{year}`
  ...REQUEST_DOCUMENT_ROUTES,
  ...ANNUAL_REPORT_ROUTES,
  ...REQUEST_ROUTES,
  // before RECORD_ROUTES: `/records/withheld/due` etc. must win over `/records/{id}`
  ...RECORD_LIFECYCLE_ROUTES,
  ...RECORD_ROUTES,
];

const EXTRA_DOCS: readonly RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    summary: '本接口文档（OpenAPI 3.1）',
    tags: ['node'],
    response: { description: 'OpenAPI 文档' },
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus 指标',
    tags: ['node'],
    response: { description: 'Prometheus 文本格式', schema: z.string(), contentType: 'text/plain' },
  },
];

export function openApiDocument(countyName: string): Record<string, unknown> {
  return buildOpenApi(
    {
      title: `zwgk 县级节点 API（${countyName}）`,
      version: '1.0.0',
      description: '政务公开事项目录的县级节点接口。错误统一为 {"error":{"code","message","details?"}}。',
    },
    [...REST_ROUTES.map((r) => r.doc), ...EXTRA_DOCS],
  );
}

export function mountRest<E extends object>(app: Hono<E>, deps: RestDeps): void {
  for (const r of REST_ROUTES) {
    // `{kind}.docx` → `:kind{[^/]+\.docx}` (the value keeps the extension), `{id}` → `:id`
    const path = r.doc.path.replace(/\{(\w+)\}\.(\w+)/g, ':$1{[^/]+\\.$2}').replace(/\{(\w+)\}/g, ':$1');
    app.on(r.doc.method.toUpperCase(), path, (c) => r.handler(c as unknown as Context, deps));
  }
  const doc = openApiDocument(deps.services.county.name);
  app.get('/api/v1/openapi.json', (c) => c.json(doc));
}

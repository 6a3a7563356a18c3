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
  catalogItemViewSchema,
  catalogListSchema,
  createItem,
  deleteItem,
  deletedCatalogItemSchema,
  getItem,
  listItems,
  listQuerySchema,
  updateItem,
} from '../services/catalog.js';
import type { ServiceDeps } from '../services/context.js';
import { type NodeStatus, health, nodeInfo } from '../services/node.js';
import {
  deleteQuerySchema,
  healthSchema,
  nodeInfoSchema,
  patchBodyDocSchema,
  patchBodySchema,
  publicUserSchema,
  tokenResponseSchema,
  versionSchema,
} from './schemas.js';

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
    const path = r.doc.path.replace(/\{(\w+)\}/g, ':$1');
    app.on(r.doc.method.toUpperCase(), path, (c) => r.handler(c as unknown as Context, deps));
  }
  const doc = openApiDocument(deps.services.county.name);
  app.get('/api/v1/openapi.json', (c) => c.json(doc));
}

import { z } from 'zod';

/**
 * OpenAPI 3.1 from the same zod schemas the handlers validate with, so the document cannot drift
 * from what the server accepts. Each app lists its routes once (`src/http/routes.ts` style) and
 * serves the result at `/api/v1/openapi.json`.
 */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI style: `/api/v1/catalog/items/{id}` */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  /** requires `Authorization: Bearer <token>` */
  auth?: boolean;
  body?: z.ZodType;
  query?: z.ZodObject;
  response: { status?: number; description: string; schema?: z.ZodType; contentType?: string };
  /** statuses this route may answer with the error envelope */
  errors?: number[];
}

const toSchema = (s: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;

const ERROR_ENVELOPE = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: {
          type: 'string',
          enum: [
            'bad_request',
            'validation_failed',
            'unauthorized',
            'forbidden',
            'not_found',
            'conflict',
            'invalid_state',
            'unavailable',
          ],
        },
        message: { type: 'string' },
        details: {},
      },
    },
  },
};

const ERROR_TEXT: Record<number, string> = {
  400: '请求无效（bad_request / validation_failed）',
  401: '未登录或令牌失效',
  403: '无权操作',
  404: '不存在',
  409: '版本冲突或状态不允许',
  503: '依赖的服务暂不可用',
};

export function buildOpenApi(
  info: { title: string; version: string; description?: string },
  routes: readonly RouteDoc[],
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const params: unknown[] = [];
    for (const m of r.path.matchAll(/\{(\w+)\}/g)) {
      params.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
    }
    if (r.query) {
      const shape = r.query.shape as Record<string, z.ZodType>;
      for (const [name, s] of Object.entries(shape)) {
        params.push({ name, in: 'query', required: !s.safeParse(undefined).success, schema: toSchema(s, 'input') });
      }
    }
    const responses: Record<string, unknown> = {
      [String(r.response.status ?? 200)]: {
        description: r.response.description,
        ...(r.response.schema
          ? { content: { [r.response.contentType ?? 'application/json']: { schema: toSchema(r.response.schema, 'output') } } }
          : {}),
      },
    };
    for (const s of new Set([...(r.errors ?? []), ...(r.auth ? [401, 403] : []), ...(r.body ? [400] : [])])) {
      responses[String(s)] = {
        description: ERROR_TEXT[s] ?? 'error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
      };
    }
    (paths[r.path] ??= {})[r.method] = {
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      ...(r.tags ? { tags: r.tags } : {}),
      ...(r.auth ? { security: [{ bearer: [] }] } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(r.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(r.body, 'input') } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { ErrorEnvelope: ERROR_ENVELOPE },
    },
  };
}

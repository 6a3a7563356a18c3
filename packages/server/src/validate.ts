import { type FieldIssue, domainError, zodIssuesToFields } from '@zwgk/core';
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from './errors.js';

/** Parses a JSON body: not JSON → bad_request; wrong shape → validation_failed with the fields. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new AppError(domainError('bad_request', '请求体不是有效的 JSON'));
  }
  return parseInput(schema, raw);
}

export function parseInput<S extends z.ZodType>(schema: S, raw: unknown, message = '提交的内容有误'): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fields: FieldIssue[] = zodIssuesToFields(parsed.error.issues);
  throw new AppError(domainError('validation_failed', message, { fields }));
}

export const readQuery = <S extends z.ZodType>(c: Context, schema: S): z.output<S> =>
  parseInput(schema, c.req.query(), '查询参数有误');

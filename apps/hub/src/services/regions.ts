import { DOMAINS, type Region, type Result, children, cities, domainError, err, ok, regionByCode } from '@zwgk/core';
import { z } from 'zod';

export interface RegionView {
  code: string;
  code6: string | null;
  name: string;
  level: Region['level'];
  parentCode: string | null;
  type: string | null;
}

const view = (r: Region): RegionView => ({
  code: r.code,
  code6: r.code6 ?? null,
  name: r.name,
  level: r.level,
  parentCode: r.parentCode,
  type: r.type ?? null,
});

export const regionChildrenInputSchema = z
  .object({
    parent: z
      .string({ error: '上级区划代码必须是文本' })
      .regex(/^(\d{6}|\d{12})$/, { error: '上级区划代码必须是6位或12位数字' })
      .optional(),
  })
  .strict();

/** The children of a region (a city's counties, a county's townships); without a parent, the cities. */
export function regionChildren(input: z.output<typeof regionChildrenInputSchema>): Result<RegionView[]> {
  if (input.parent === undefined) return ok(cities().map(view));
  if (!regionByCode(input.parent)) return err(domainError('not_found', `没有代码为 ${input.parent} 的区划`));
  return ok(children(input.parent).map(view));
}

export interface DomainView {
  no: number;
  code: string;
  name: string;
}

export const listDomains = (): DomainView[] => DOMAINS.map((d) => ({ no: d.no, code: d.code, name: d.name }));

/**
 * The catalog vocabulary the pages show (domains, levels, statuses, channels…). The server builds
 * it from the domain package (`$lib/server/vocab.ts`) and hands it to the county console's pages
 * as data, so the browser bundle never carries the domain package (its region registry alone is
 * several hundred kilobytes) and the console never disagrees with the servers on a word.
 */

export interface Named {
  code: string;
  name: string;
}

export interface Vocab {
  domains: (Named & { no: number })[];
  levels: Named[];
  statuses: Named[];
  methods: Named[];
  audiences: Named[];
  channels: Named[];
  /** 采用标准 / 调整采用 / 自行增加 */
  adoptions: Named[];
  /** 事项名称, 公开内容, … keyed by the field name */
  elementNames: Record<string, string>;
}

export interface VocabNames {
  domain(code: string): string;
  level(code: string): string;
  status(code: string): string;
  method(code: string): string;
  audience(code: string): string;
  channel(code: string): string;
  adoption(code: string): string;
  element(field: string): string;
}

export function vocabNames(v: Vocab): VocabNames {
  const map = (list: Named[]) => new Map(list.map((x) => [x.code, x.name]));
  const domains = map(v.domains);
  const levels = map(v.levels);
  const statuses = map(v.statuses);
  const methods = map(v.methods);
  const audiences = map(v.audiences);
  const channels = map(v.channels);
  const adoptions = map(v.adoptions);
  return {
    domain: (c) => domains.get(c) ?? c,
    level: (c) => levels.get(c) ?? c,
    status: (c) => statuses.get(c) ?? c,
    method: (c) => methods.get(c) ?? c,
    audience: (c) => audiences.get(c) ?? c,
    channel: (c) => channels.get(c) ?? c,
    adoption: (c) => adoptions.get(c) ?? c,
    element: (f) => v.elementNames[f] ?? f,
  };
}

/** Badge colour per review state: 草稿 grey, 待审核 blue, 已退回 amber, 已发布 green. */
export const STATUS_BADGE: Record<string, 'neutral' | 'info' | 'warn' | 'ok'> = {
  draft: 'neutral',
  submitted: 'info',
  returned: 'warn',
  published: 'ok',
};

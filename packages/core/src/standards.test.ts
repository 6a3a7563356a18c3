import { describe, expect, it } from 'vitest';
import { AUDIENCES, CATALOG_LEVELS, CHANNEL_CODES, DISCLOSURE_METHODS, STANDARD_ITEM_ID, catalogItemInputSchema } from './catalog.js';
import { DOMAINS } from './domains.js';
import {
  STANDARD_ITEM_FIELDS,
  STARTING_GUIDELINES,
  STARTING_STANDARDS,
  type StandardItem,
  diffGuidelines,
  nextStandardItemId,
  standardGuidelineSchema,
  standardItemSchema,
  startingGuideline,
} from './standards.js';

const find = (domain: string, category: string, name: string): StandardItem => {
  const item = STARTING_STANDARDS.find((i) => i.domain === domain && i.category === category && i.name === name);
  if (!item) throw new Error(`no standard item ${domain} ${category} / ${name}`);
  return item;
};

describe('the starting set', () => {
  it('has a guideline for each of the 26 domains, in the seed order, with at least 5 items', () => {
    expect(STARTING_GUIDELINES.map((g) => g.domain)).toEqual(DOMAINS.map((d) => d.code));
    for (const g of STARTING_GUIDELINES) {
      expect(g.items.length, g.domain).toBeGreaterThanOrEqual(5);
      expect(g.version).toBe(1);
      expect(g.publishedAt).toBeNull();
      expect(standardGuidelineSchema.safeParse(g).success, g.domain).toBe(true);
    }
    expect(STARTING_STANDARDS.length).toBe(STARTING_GUIDELINES.reduce((n, g) => n + g.items.length, 0));
  });

  it('every item passes the schema unchanged', () => {
    for (const item of STARTING_STANDARDS) {
      const parsed = standardItemSchema.safeParse(item);
      expect(parsed.success ? null : parsed.error.issues, item.id).toBeNull();
      expect(parsed.data).toEqual(item);
    }
  });

  it('ids are unique, <domain>.<nn>, numbered 01, 02, … within each domain', () => {
    expect(new Set(STARTING_STANDARDS.map((i) => i.id)).size).toBe(STARTING_STANDARDS.length);
    for (const g of STARTING_GUIDELINES) {
      g.items.forEach((item, i) => {
        expect(item.id).toBe(`${g.domain}.${String(i + 1).padStart(2, '0')}`);
        expect(item.id).toMatch(STANDARD_ITEM_ID);
        expect(item.domain).toBe(g.domain);
      });
    }
  });

  it('channels, method, audience and levels come from the enumerations', () => {
    for (const item of STARTING_STANDARDS) {
      expect(item.channels.length, item.id).toBeGreaterThan(0);
      expect(new Set(item.channels).size, item.id).toBe(item.channels.length);
      for (const c of item.channels) expect(CHANNEL_CODES, item.id).toContain(c);
      expect(DISCLOSURE_METHODS).toContain(item.method);
      expect(AUDIENCES).toContain(item.audience);
      expect(item.levels.length, item.id).toBeGreaterThan(0);
      expect(new Set(item.levels).size, item.id).toBe(item.levels.length);
      for (const l of item.levels) expect(CATALOG_LEVELS, item.id).toContain(l);
      if (item.audience === 'specific') expect(item.audienceNote, item.id).toBeTruthy();
      else expect(item.audienceNote, item.id).toBeNull();
    }
  });

  it('no element is empty or a placeholder', () => {
    const textFields = ['category', 'name', 'content', 'legalBasis', 'timeLimit', 'responsibleBody'] as const;
    for (const item of STARTING_STANDARDS) {
      for (const f of textFields) {
        const v = item[f];
        expect(v.trim().length, `${item.id} ${f}`).toBeGreaterThan(0);
        expect(v, `${item.id} ${f}`).toBe(v.trim());
        expect(v, `${item.id} ${f}`).not.toMatch(/TODO|TBD|lorem|xxx|待补充|待定|\?\?/i);
      }
      // a legal basis names at least one law, regulation or document in 《》
      expect(item.legalBasis, item.id).toMatch(/《[^》]+》/);
    }
  });

  it('names are unique within a domain', () => {
    for (const g of STARTING_GUIDELINES) {
      const keys = g.items.map((i) => `${i.category}/${i.name}`);
      expect(new Set(keys).size, g.domain).toBe(keys.length);
    }
  });

  it('has both levels, both methods and both audiences somewhere', () => {
    const levels = new Set(STARTING_STANDARDS.flatMap((i) => i.levels));
    expect([...levels].sort()).toEqual(['county', 'township']);
    expect(STARTING_STANDARDS.some((i) => i.method === 'onRequest')).toBe(true);
    expect(STARTING_STANDARDS.some((i) => i.audience === 'specific')).toBe(true);
    expect(STARTING_STANDARDS.some((i) => i.levels.length === 1 && i.levels[0] === 'township')).toBe(true);
  });

  it('every item can be adopted as a catalog item at each of its levels', () => {
    for (const item of STARTING_STANDARDS) {
      for (const level of item.levels) {
        const input = {
          domain: item.domain,
          level,
          townshipCode: level === 'township' ? '130102001000' : null,
          name: item.name,
          content: item.content,
          legalBasis: item.legalBasis,
          timeLimit: item.timeLimit,
          responsibleBody: item.responsibleBody,
          method: item.method,
          channels: [...item.channels],
          audience: item.audience,
          audienceNote: item.audienceNote,
        };
        const parsed = catalogItemInputSchema.safeParse(input);
        expect(parsed.success ? null : parsed.error.issues, `${item.id} ${level}`).toBeNull();
      }
    }
  });

  it('is frozen', () => {
    const item = STARTING_STANDARDS[0]!;
    expect(Object.isFrozen(item)).toBe(true);
    expect(Object.isFrozen(item.channels)).toBe(true);
    expect(Object.isFrozen(STARTING_STANDARDS)).toBe(true);
  });

  it('startingGuideline returns the domain guideline', () => {
    expect(startingGuideline('social-assistance').items[0]!.id).toBe('social-assistance.01');
  });
});

describe('well-known items', () => {
  it('社会救助: 最低生活保障 政策文件, 办事指南 and 审核确认结果', () => {
    const policy = find('social-assistance', '最低生活保障', '政策法规文件');
    expect(policy.legalBasis).toContain('《社会救助暂行办法》');
    expect(policy.levels).toEqual(['county', 'township']);
    expect(find('social-assistance', '最低生活保障', '办事指南').content).toContain('申请条件');
    const result = find('social-assistance', '最低生活保障', '审核确认结果');
    expect(result.timeLimit).toContain('公示7天');
    expect(result.channels).toContain('bulletin-board');
    expect(find('social-assistance', '临时救助', '办事指南').legalBasis).toContain('国发〔2014〕47号');
    expect(find('social-assistance', '特困人员救助供养', '办事指南').legalBasis).toContain('国发〔2016〕14号');
  });

  it('财政预决算: 政府预算 and 部门预算 within 20 days of approval under the Budget Law', () => {
    const gov = find('budgets-final-accounts', '财政预决算', '政府预算');
    expect(gov.legalBasis).toContain('《中华人民共和国预算法》');
    expect(gov.timeLimit).toBe('本级人民代表大会或者其常务委员会批准后20日内');
    expect(gov.content).toContain('“三公”经费');
    expect(gov.responsibleBody).toBe('县级财政部门');
    expect(find('budgets-final-accounts', '财政预决算', '部门预算').timeLimit).toBe('本级政府财政部门批复后20日内');
    expect(find('budgets-final-accounts', '财政预决算', '政府决算').levels).toEqual(['county']);
    expect(find('budgets-final-accounts', '财政预决算', '乡镇（街道）预决算').levels).toEqual(['township']);
  });

  it('征地补偿: 征收土地预公告, 征地补偿安置方案, 征收土地公告 with their statutory periods', () => {
    const pre = find('land-expropriation-compensation', '征地报批前', '征收土地预公告');
    expect(pre.timeLimit).toContain('不少于10个工作日');
    expect(pre.content).toContain('拟征收土地的范围');
    const plan = find('land-expropriation-compensation', '征地报批前', '征地补偿安置方案公告');
    expect(plan.timeLimit).toContain('不少于30日');
    expect(plan.legalBasis).toContain('《中华人民共和国土地管理法》');
    expect(find('land-expropriation-compensation', '征地实施', '征收土地公告').timeLimit).toContain('15个工作日');
    const onRequest = find('land-expropriation-compensation', '征地信息查询', '征地报批材料');
    expect(onRequest.method).toBe('onRequest');
    expect(onRequest.audience).toBe('specific');
  });

  it('公共资源交易 and 重大建设项目 follow the procurement and bidding rules', () => {
    expect(find('public-resource-trading', '政府采购', '中标（成交）结果公告').timeLimit).toContain('2个工作日内');
    expect(find('public-resource-trading', '政府采购', '政府采购合同').legalBasis).toContain('《中华人民共和国政府采购法实施条例》');
    expect(find('major-projects', '批准服务信息', '办理过程信息').timeLimit).toBe('实时公开');
    expect(find('major-projects', '招标投标信息', '招标投标').legalBasis).toContain('国办发〔2017〕94号');
  });

  it('uses the Regulations on Open Government Information time limit where no special rule applies', () => {
    const standard = STARTING_STANDARDS.filter((i) => i.timeLimit.startsWith('信息形成或者变更之日起20个工作日内'));
    expect(standard.length).toBeGreaterThan(50);
    expect(STARTING_STANDARDS.filter((i) => i.legalBasis.includes('《中华人民共和国政府信息公开条例》')).length).toBeGreaterThan(50);
  });
});

describe('diffGuidelines', () => {
  const base = startingGuideline('social-assistance').items;
  const [a, b, c] = base as [StandardItem, StandardItem, StandardItem];

  it('finds nothing between equal lists', () => {
    expect(diffGuidelines(base, base.map((i) => ({ ...i, channels: [...i.channels] })))).toEqual({
      added: [],
      removed: [],
      changed: [],
    });
  });

  it('detects added, removed and changed items with the changed fields', () => {
    const added: StandardItem = { ...c, id: 'social-assistance.99', name: '就业救助办事指南' };
    const changedB: StandardItem = {
      ...b,
      timeLimit: '信息形成或者变更之日起20个工作日内',
      channels: [...b.channels, 'new-media'],
      audience: 'specific',
      audienceNote: '申请救助的家庭',
    };
    const diff = diffGuidelines([a, b, c], [changedB, c, added]);
    expect(diff.added).toEqual([added]);
    expect(diff.removed).toEqual([a]);
    expect(diff.changed).toEqual([
      { id: b.id, before: b, after: changedB, fields: ['timeLimit', 'channels', 'audience', 'audienceNote'] },
    ]);
  });

  it('treats channels and levels as sets, every other element exactly', () => {
    const reordered: StandardItem = { ...a, channels: [...a.channels].reverse(), levels: [...a.levels].reverse() };
    expect(diffGuidelines([a], [reordered]).changed).toEqual([]);
    const fewer: StandardItem = { ...a, levels: ['county'] };
    expect(diffGuidelines([a], [fewer]).changed[0]?.fields).toEqual(['levels']);
    const renamed: StandardItem = { ...a, category: '最低生活保障（城乡）', name: `${a.name} ` };
    expect(diffGuidelines([a], [renamed]).changed[0]?.fields).toEqual(['category', 'name']);
  });

  it('accepts two guidelines as well as two item lists', () => {
    const prev = { domain: 'social-assistance' as const, version: 1, publishedAt: null, items: [a, b] };
    const next = { ...prev, version: 2, items: [a, { ...b, content: `${b.content}、常见问题` }] };
    const diff = diffGuidelines(prev, next);
    expect(diff.changed.map((ch) => [ch.id, ch.fields])).toEqual([[b.id, ['content']]]);
    expect(diffGuidelines({ items: [] }, next).added).toHaveLength(2);
  });

  it('lists every element field it compares, never the id', () => {
    expect(STANDARD_ITEM_FIELDS).not.toContain('id');
    const keys = Object.keys(standardItemSchema.shape).filter((k) => k !== 'id');
    expect([...STANDARD_ITEM_FIELDS].sort()).toEqual(keys.sort());
  });
});

describe('standardItemSchema', () => {
  const good = STARTING_STANDARDS[0]!;

  it('rejects an id of another domain, bad enumerations and empty elements', () => {
    const r = standardItemSchema.safeParse({
      ...good,
      id: 'work-safety.01',
      channels: ['website', 'fax'],
      method: 'withheld',
      levels: [],
      content: '  ',
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['channels.1', 'method', 'levels', 'content']));
    const r2 = standardItemSchema.safeParse({ ...good, id: 'work-safety.01' });
    expect(r2.error?.issues.map((i) => i.path.join('.'))).toEqual(['id']);
  });

  it('requires a note for a specific audience and rejects repeated levels and unknown keys', () => {
    expect(standardItemSchema.safeParse({ ...good, audience: 'specific', audienceNote: null }).success).toBe(false);
    expect(standardItemSchema.safeParse({ ...good, levels: ['county', 'county'] }).success).toBe(false);
    expect(standardItemSchema.safeParse({ ...good, level: 'county' }).success).toBe(false);
    expect(standardItemSchema.safeParse({ ...good, id: 'spatial-planning.1' }).success).toBe(false);
  });

  it('a guideline rejects items of another domain and repeated ids', () => {
    const g = { domain: 'spatial-planning', version: 2, publishedAt: '2025-03-01T08:00:00.000Z', items: [good, good] };
    expect(standardGuidelineSchema.safeParse(g).success).toBe(false);
    expect(standardGuidelineSchema.safeParse({ ...g, domain: 'work-safety', items: [good] }).success).toBe(false);
    expect(standardGuidelineSchema.safeParse({ ...g, items: [good] }).success).toBe(true);
  });
});

describe('nextStandardItemId', () => {
  it('continues after the highest number of the domain, ignoring other domains', () => {
    expect(nextStandardItemId('social-assistance', startingGuideline('social-assistance').items)).toBe(
      `social-assistance.${String(startingGuideline('social-assistance').items.length + 1).padStart(2, '0')}`,
    );
    expect(nextStandardItemId('work-safety', [{ id: 'work-safety.09' }, { id: 'social-assistance.42' }])).toBe('work-safety.10');
    expect(nextStandardItemId('health-care', [])).toBe('health-care.01');
  });
});

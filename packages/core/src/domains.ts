/**
 * The 26 pilot domains (试点领域) of 国办发〔2019〕54号, in the seed's order. `code` is stable: it
 * is stored in every catalog item and travels in federation events, so never rename one.
 */
export const DOMAINS = [
  { no: 1, code: 'spatial-planning', name: '国土空间规划' },
  { no: 2, code: 'major-projects', name: '重大建设项目' },
  { no: 3, code: 'public-resource-trading', name: '公共资源交易' },
  { no: 4, code: 'budgets-final-accounts', name: '财政预决算' },
  { no: 5, code: 'work-safety', name: '安全生产' },
  { no: 6, code: 'tax-administration', name: '税收管理' },
  { no: 7, code: 'land-expropriation-compensation', name: '征地补偿' },
  { no: 8, code: 'housing-expropriation', name: '国有土地上房屋征收' },
  { no: 9, code: 'affordable-housing', name: '保障性住房' },
  { no: 10, code: 'rural-dilapidated-housing', name: '农村危房改造' },
  { no: 11, code: 'environmental-protection', name: '环境保护' },
  { no: 12, code: 'public-cultural-services', name: '公共文化服务' },
  { no: 13, code: 'public-legal-services', name: '公共法律服务' },
  { no: 14, code: 'poverty-alleviation', name: '扶贫' },
  { no: 15, code: 'disaster-relief', name: '救灾' },
  { no: 16, code: 'food-drug-regulation', name: '食品药品监管' },
  { no: 17, code: 'urban-law-enforcement', name: '城市综合执法' },
  { no: 18, code: 'employment-entrepreneurship', name: '就业创业' },
  { no: 19, code: 'social-insurance', name: '社会保险' },
  { no: 20, code: 'social-assistance', name: '社会救助' },
  { no: 21, code: 'elderly-care', name: '养老服务' },
  { no: 22, code: 'household-registration', name: '户籍管理' },
  { no: 23, code: 'agricultural-subsidies', name: '涉农补贴' },
  { no: 24, code: 'compulsory-education', name: '义务教育' },
  { no: 25, code: 'health-care', name: '医疗卫生' },
  { no: 26, code: 'municipal-services', name: '市政服务' },
] as const;

export type Domain = (typeof DOMAINS)[number];
export type DomainCode = Domain['code'];

export const DOMAIN_CODES = DOMAINS.map((d) => d.code) as unknown as readonly [DomainCode, ...DomainCode[]];

const byCode = new Map<string, Domain>(DOMAINS.map((d) => [d.code, d]));
const byName = new Map<string, Domain>(DOMAINS.map((d) => [d.name, d]));

export const domainByCode = (code: string): Domain | undefined => byCode.get(code);
export const domainByName = (name: string): Domain | undefined => byName.get(name.trim());

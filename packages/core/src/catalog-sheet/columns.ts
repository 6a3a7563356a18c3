import { fold } from './text.js';

/** The columns of a catalog sheet, and the tick columns some sheets split 公开对象/方式/层级 into. */
export type SheetColumn =
  | 'no'
  | 'domain'
  | 'category'
  | 'name'
  | 'content'
  | 'legalBasis'
  | 'timeLimit'
  | 'responsibleBody'
  | 'channels'
  | 'audience'
  | 'method'
  | 'level'
  | 'township'
  | 'note'
  | 'audience.public'
  | 'audience.specific'
  | 'method.proactive'
  | 'method.onRequest'
  | 'level.county'
  | 'level.township'
  | 'level.village';

/** The standard layout's column names (and this system's two extras, 乡镇（街道） and 所属领域). */
export const SHEET_COLUMN_NAMES: Record<SheetColumn, string> = {
  no: '序号',
  category: '一级事项',
  name: '二级事项',
  content: '公开内容（要素）',
  legalBasis: '公开依据',
  timeLimit: '公开时限',
  responsibleBody: '公开主体',
  channels: '公开渠道和载体',
  audience: '公开对象',
  method: '公开方式',
  level: '公开层级',
  township: '乡镇（街道）',
  domain: '所属领域',
  note: '备注',
  'audience.public': '公开对象：全社会',
  'audience.specific': '公开对象：特定群体',
  'method.proactive': '公开方式：主动',
  'method.onRequest': '公开方式：依申请',
  'level.county': '公开层级：县级',
  'level.township': '公开层级：乡级',
  'level.village': '公开层级：村级',
};

const WORDS: Record<string, SheetColumn> = {};
const add = (column: SheetColumn, ...words: string[]) => {
  for (const w of words) WORDS[w] = column;
};
add('no', '序号', '编号', '序', '排序');
add('domain', '领域', '所属领域', '试点领域', '公开领域', '领域名称');
add('category', '一级事项', '公开事项一级', '一级', '一级目录', '事项类别', '事项分类', '事项大类', '类别', '一级事项名称', '一级分类');
add(
  'name',
  '二级事项',
  '公开事项二级',
  '二级',
  '二级目录',
  '事项名称',
  '公开事项名称',
  '二级事项名称',
  '具体事项',
  '公开事项',
  '事项',
  '二级分类',
);
add('content', '公开内容', '内容', '公开要素', '公开内容要素', '公开的内容');
add('legalBasis', '公开依据', '依据', '政策依据', '法律依据', '公开依据文件', '法规依据');
add('timeLimit', '公开时限', '时限', '公开时间', '公开期限', '公开时效');
add('responsibleBody', '公开主体', '主体', '责任主体', '公开责任主体', '责任单位', '公开部门', '公开单位', '责任部门', '公开机关');
add(
  'channels',
  '公开渠道和载体',
  '公开渠道及载体',
  '公开渠道与载体',
  '公开渠道载体',
  '公开渠道、载体',
  '公开渠道',
  '公开载体',
  '渠道和载体',
  '渠道',
  '载体',
);
add('audience', '公开对象', '对象');
add('method', '公开方式', '方式');
add('level', '公开层级', '层级', '公开层次');
add('township', '乡镇', '乡镇街道', '所属乡镇', '乡镇名称', '所属乡镇街道');
add('note', '备注', '说明');
add('audience.public', '全社会', '社会公众');
add('audience.specific', '特定群体', '特定对象');
add('method.proactive', '主动', '主动公开');
add('method.onRequest', '依申请', '依申请公开');
add('level.county', '县级', '县区级', '区级', '县(市、区)级');
add('level.township', '乡级', '乡镇级', '镇级', '乡(镇)级', '乡镇(街道)级', '街道级');
add('level.village', '村级', '村(居)级', '社区级');

/** Under a two-row header: what a sub-label means under its parent. */
const SUB: Partial<Record<SheetColumn, Record<string, SheetColumn>>> = {
  name: { 一级事项: 'category', 一级: 'category', 二级事项: 'name', 二级: 'name', 事项名称: 'name' },
  category: { 一级事项: 'category', 一级: 'category', 二级事项: 'name', 二级: 'name' },
  audience: { 全社会: 'audience.public', 社会公众: 'audience.public', 特定群体: 'audience.specific', 特定对象: 'audience.specific' },
  method: { 主动: 'method.proactive', 主动公开: 'method.proactive', 依申请: 'method.onRequest', 依申请公开: 'method.onRequest' },
  level: {
    县级: 'level.county',
    县: 'level.county',
    区级: 'level.county',
    乡级: 'level.township',
    乡镇级: 'level.township',
    乡: 'level.township',
    乡镇: 'level.township',
    镇级: 'level.township',
    街道级: 'level.township',
    村级: 'level.village',
    村: 'level.village',
    社区级: 'level.village',
  },
};

/** 「公开内容（要素）」→「公开内容」, 「公开渠道和载体*」→「公开渠道和载体」; keeps 「县(市、区)级」-style labels whole. */
export function headerKey(label: string): string {
  const s = fold(label).replace(/\s+/g, '').replace(/[*:：]/g, '');
  if (WORDS[s]) return s;
  return s.replace(/\([^()]*\)/g, '');
}

/** The column a header label names, or undefined. */
export const columnOf = (label: string | null | undefined): SheetColumn | undefined =>
  label ? WORDS[headerKey(label)] : undefined;

/** The column a sub-label names under its parent's column, or undefined. */
export function subColumnOf(parent: SheetColumn | undefined, label: string | null | undefined): SheetColumn | undefined {
  if (!label) return undefined;
  const key = headerKey(label);
  if (parent && SUB[parent]?.[key]) return SUB[parent][key];
  return WORDS[key];
}

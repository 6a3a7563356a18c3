/**
 * Reply outcomes of an information request, one per row of section 三 of the annual report
 * (政府信息公开工作年度报告格式, 国办公开办函〔2021〕30号), in the table's order, and the
 * applicant types of its columns. The codes are stable: they are stored with every reply and
 * travel to the hub; never renumber or reuse them.
 */

export const OUTCOME_GROUPS = ['granted', 'partial', 'withheld', 'unavailable', 'notProcessed', 'other'] as const;
export type OutcomeGroup = (typeof OUTCOME_GROUPS)[number];

export interface OutcomeGroupDef {
  code: OutcomeGroup;
  /** the group as the table names it: 予以公开 … 其他处理 */
  label: string;
  /** the table's numbering of the group: （一） … （六） */
  number: string;
}

export const OUTCOME_GROUP_DEFS: readonly OutcomeGroupDef[] = Object.freeze([
  { code: 'granted', label: '予以公开', number: '（一）' },
  { code: 'partial', label: '部分公开', number: '（二）' },
  { code: 'withheld', label: '不予公开', number: '（三）' },
  { code: 'unavailable', label: '无法提供', number: '（四）' },
  { code: 'notProcessed', label: '不予处理', number: '（五）' },
  { code: 'other', label: '其他处理', number: '（六）' },
] as const satisfies readonly OutcomeGroupDef[]);

export const OUTCOME_CODES = [
  'granted',
  'partial',
  'withheldStateSecret',
  'withheldProhibitedByLaw',
  'withheldSafetyStability',
  'withheldThirdPartyRights',
  'withheldInternalAffairs',
  'withheldProcessInfo',
  'withheldEnforcementFile',
  'withheldQueryMatter',
  'unavailableNotHeld',
  'unavailableNeedsCreation',
  'unavailableUnclearAfterCorrection',
  'notProcessedPetition',
  'notProcessedRepeated',
  'notProcessedPublication',
  'notProcessedExcessive',
  'notProcessedConfirmation',
  'otherNoCorrection',
  'otherFeeUnpaid',
  'otherOther',
] as const;
export type OutcomeCode = (typeof OUTCOME_CODES)[number];

export interface OutcomeDef {
  code: OutcomeCode;
  group: OutcomeGroup;
  /** the row's wording in the 30号 table, without its number */
  label: string;
  /** a shorter name for lists and chips */
  shortLabel: string;
  /** the row as printed: （一）予以公开, 1.属于国家秘密 … */
  rowLabel: string;
}

const def = (
  code: OutcomeCode,
  group: OutcomeGroup,
  rowLabel: string,
  label: string,
  shortLabel: string = label,
): OutcomeDef => ({ code, group, label, shortLabel, rowLabel });

/** The 21 outcome rows, in the table's order. */
export const OUTCOMES: readonly OutcomeDef[] = Object.freeze([
  def('granted', 'granted', '（一）予以公开', '予以公开'),
  def('partial', 'partial', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '部分公开（区分处理的，只计这一情形，不计其他情形）', '部分公开'),
  def('withheldStateSecret', 'withheld', '1.属于国家秘密', '属于国家秘密', '国家秘密'),
  def('withheldProhibitedByLaw', 'withheld', '2.其他法律行政法规禁止公开', '其他法律行政法规禁止公开', '法律行政法规禁止'),
  def('withheldSafetyStability', 'withheld', '3.危及“三安全一稳定”', '危及“三安全一稳定”'),
  def('withheldThirdPartyRights', 'withheld', '4.保护第三方合法权益', '保护第三方合法权益'),
  def('withheldInternalAffairs', 'withheld', '5.属于三类内部事务信息', '属于三类内部事务信息'),
  def('withheldProcessInfo', 'withheld', '6.属于四类过程性信息', '属于四类过程性信息'),
  def('withheldEnforcementFile', 'withheld', '7.属于行政执法案卷', '属于行政执法案卷'),
  def('withheldQueryMatter', 'withheld', '8.属于行政查询事项', '属于行政查询事项'),
  def('unavailableNotHeld', 'unavailable', '1.本机关不掌握相关政府信息', '本机关不掌握相关政府信息'),
  def('unavailableNeedsCreation', 'unavailable', '2.没有现成信息需要另行制作', '没有现成信息需要另行制作'),
  def('unavailableUnclearAfterCorrection', 'unavailable', '3.补正后申请内容仍不明确', '补正后申请内容仍不明确'),
  def('notProcessedPetition', 'notProcessed', '1.信访举报投诉类申请', '信访举报投诉类申请'),
  def('notProcessedRepeated', 'notProcessed', '2.重复申请', '重复申请'),
  def('notProcessedPublication', 'notProcessed', '3.要求提供公开出版物', '要求提供公开出版物'),
  def('notProcessedExcessive', 'notProcessed', '4.无正当理由大量反复申请', '无正当理由大量反复申请'),
  def('notProcessedConfirmation', 'notProcessed', '5.要求行政机关确认或重新出具已获取信息', '要求行政机关确认或重新出具已获取信息'),
  def(
    'otherNoCorrection',
    'other',
    '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    '申请人无正当理由逾期不补正',
  ),
  def(
    'otherFeeUnpaid',
    'other',
    '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    '申请人逾期未按收费通知要求缴纳费用',
  ),
  def('otherOther', 'other', '3.其他', '其他'),
]);

const outcomeByCode = new Map<string, OutcomeDef>(OUTCOMES.map((o) => [o.code, o]));

export const isOutcomeCode = (value: unknown): value is OutcomeCode =>
  typeof value === 'string' && outcomeByCode.has(value);

export const outcomeDef = (code: OutcomeCode): OutcomeDef => outcomeByCode.get(code) as OutcomeDef;

/** The outcomes of a group, in the table's order. */
export const outcomesOfGroup = (group: OutcomeGroup): OutcomeDef[] => OUTCOMES.filter((o) => o.group === group);

export const outcomeGroupDef = (group: OutcomeGroup): OutcomeGroupDef =>
  OUTCOME_GROUP_DEFS.find((g) => g.code === group) as OutcomeGroupDef;

/** 不予公开 · 属于国家秘密, or 予以公开 for the groups of one row. */
export function outcomeFullLabel(code: OutcomeCode): string {
  const o = outcomeDef(code);
  const g = outcomeGroupDef(o.group);
  return outcomesOfGroup(o.group).length === 1 ? g.label : `${g.label} · ${o.shortLabel}`;
}

/** Unambiguous names for lists: 予以公开, 不予公开 · 属于国家秘密 … */
export const OUTCOME_NAMES: Record<OutcomeCode, string> = Object.fromEntries(
  OUTCOME_CODES.map((c) => [c, outcomeFullLabel(c)]),
) as Record<OutcomeCode, string>;

// ---------------------------------------------------------------------------------------------
// applicant types (the table's columns)

export const APPLICANT_TYPES = [
  'naturalPerson',
  'commercialEnterprise',
  'researchInstitution',
  'publicWelfareOrganization',
  'legalServiceProvider',
  'otherOrganization',
] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];

/** 自然人, or 法人或其他组织 with its five kinds */
export type ApplicantKind = 'naturalPerson' | 'organization';
export const APPLICANT_KIND_NAMES: Record<ApplicantKind, string> = {
  naturalPerson: '自然人',
  organization: '法人或其他组织',
};

export interface ApplicantTypeDef {
  code: ApplicantType;
  kind: ApplicantKind;
  /** the column heading: 自然人, 商业企业 … 其他 */
  label: string;
  /** unambiguous on its own: 其他法人或其他组织 */
  fullLabel: string;
}

export const APPLICANT_TYPE_DEFS: readonly ApplicantTypeDef[] = Object.freeze([
  { code: 'naturalPerson', kind: 'naturalPerson', label: '自然人', fullLabel: '自然人' },
  { code: 'commercialEnterprise', kind: 'organization', label: '商业企业', fullLabel: '商业企业' },
  { code: 'researchInstitution', kind: 'organization', label: '科研机构', fullLabel: '科研机构' },
  { code: 'publicWelfareOrganization', kind: 'organization', label: '社会公益组织', fullLabel: '社会公益组织' },
  { code: 'legalServiceProvider', kind: 'organization', label: '法律服务机构', fullLabel: '法律服务机构' },
  { code: 'otherOrganization', kind: 'organization', label: '其他', fullLabel: '其他法人或其他组织' },
] as const satisfies readonly ApplicantTypeDef[]);

export const APPLICANT_TYPE_NAMES: Record<ApplicantType, string> = Object.fromEntries(
  APPLICANT_TYPE_DEFS.map((a) => [a.code, a.label]),
) as Record<ApplicantType, string>;

export const isApplicantType = (value: unknown): value is ApplicantType =>
  typeof value === 'string' && (APPLICANT_TYPES as readonly string[]).includes(value);

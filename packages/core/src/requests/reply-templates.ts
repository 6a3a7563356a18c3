import { formatDateZh, isIsoDate, type IsoDate } from '../calendar/dates.js';
import { cityOf, countyByCode6, isProvinceAdministered } from '../regions/index.js';
import { domainError, err, ok, type DomainError, type FieldIssue, type Result } from '../result.js';
import { REPLY_WORKING_DAYS, THIRD_PARTY_OPINION_WORKING_DAYS } from './deadlines.js';
import { OUTCOME_CODES, OUTCOME_NAMES, type OutcomeCode } from './outcomes.js';

/**
 * Standard reply texts (标准文本) of an information request under 《中华人民共和国政府信息公开条例》
 * (2019, 国务院令第711号): one template per reply outcome (the 21 rows of the 30号 table) and the
 * procedural letters (受理回执, 补正告知书, 延期答复告知书, 第三方意见征询函). `fillReplyTemplate`
 * fills one from the request and the county: the applicant, tracking number, dates, the organ's
 * name from the region registry, the articles relied on and, for replies, the remedies (行政复议
 * within 60 days to the level above — the city government, or the province for 省直管 counties —
 * or 行政诉讼 within 6 months). Pure: the caller supplies the dates the deadline engine computed.
 */

export const PROCEDURAL_DOCUMENT_KINDS = ['acknowledgement', 'correctionNotice', 'extensionNotice', 'thirdPartyConsultation'] as const;
export type ProceduralDocumentKind = (typeof PROCEDURAL_DOCUMENT_KINDS)[number];

/** Every document kind: the procedural letters, then one reply per outcome code. */
export const REPLY_DOCUMENT_KINDS = [...PROCEDURAL_DOCUMENT_KINDS, ...OUTCOME_CODES] as const;
export type ReplyDocumentKind = (typeof REPLY_DOCUMENT_KINDS)[number];

export const isReplyDocumentKind = (v: unknown): v is ReplyDocumentKind =>
  typeof v === 'string' && (REPLY_DOCUMENT_KINDS as readonly string[]).includes(v);

export const isProceduralDocumentKind = (v: unknown): v is ProceduralDocumentKind =>
  typeof v === 'string' && (PROCEDURAL_DOCUMENT_KINDS as readonly string[]).includes(v);

const PROCEDURAL_NAMES: Record<ProceduralDocumentKind, string> = {
  acknowledgement: '政府信息公开申请受理回执',
  correctionNotice: '政府信息公开申请补正告知书',
  extensionNotice: '政府信息公开申请延期答复告知书',
  thirdPartyConsultation: '政府信息公开第三方意见征询函',
};

/** The kind as a clerk names it: 补正告知书, 答复书（不予公开 · 属于国家秘密）… */
export const REPLY_DOCUMENT_KIND_NAMES: Record<ReplyDocumentKind, string> = {
  ...PROCEDURAL_NAMES,
  ...(Object.fromEntries(OUTCOME_CODES.map((c) => [c, `政府信息公开申请答复书（${OUTCOME_NAMES[c]}）`])) as Record<OutcomeCode, string>),
};

const REG = '《中华人民共和国政府信息公开条例》';
/** 《条例》第三十六条第（三）项 … */
const art = (a: string): string => `${REG}${a}`;

// ---------------------------------------------------------------------------------------------
// inputs

/** What the templates read from the request. */
export interface ReplyRequestData {
  trackingNo: string;
  /** the applicant's name, or the organisation's for 法人或其他组织 */
  applicantName: string;
  organisationName?: string | null;
  /** §31 receipt date */
  receivedOn: IsoDate;
  /** 所需政府信息的名称、文号或者特征性描述, as the applicant wrote it */
  description: string;
  /** the current reply due date, if any */
  dueOn?: IsoDate | null;
  /** 获取信息的方式 as named (纸质, 电子邮件 …) */
  deliveryFormName?: string | null;
  /** the day the corrected application arrived (§30: the reply period runs from it) */
  correctedOn?: IsoDate | null;
}

/** What the county and the clerk add. Everything optional has a sensible default or a blank to fill. */
export interface ReplyContext {
  /** the county's GB/T 2260 code: the organ's name and the reviewing body come from the registry */
  countyCode: string;
  /** the document's date (default: the request's receipt date for the acknowledgement, else required) */
  date: IsoDate;
  /** the organ issuing the document; default `<县>人民政府` */
  issuer?: string;
  /** the body that hears 行政复议; default the level above (the city government, the province for 省直管) */
  reviewBody?: string;
  /** where litigation goes; default 有管辖权的人民法院 */
  court?: string;
  /** contact line printed after the body (phone, address of the disclosure office) */
  contact?: string;
  /** 补正告知书: what to correct, the period the applicant has (working days), the day the notice is due (§30) */
  correction?: { items?: string[]; workingDays?: number; dueBy?: IsoDate | null };
  /** 延期答复告知书: the extension (≤ 20 working days) and the new due date */
  extension?: { workingDays: number; newDueOn: IsoDate; originalDueOn?: IsoDate | null };
  /** 第三方意见征询函: the third party, what is asked about, and the date its opinion is due */
  thirdParty?: { name?: string; information?: string; replyBy?: IsoDate | null };
  /** for replies: how and where to obtain the information (予以公开, 部分公开, 行政查询 …) */
  howToObtain?: string;
  /** for replies: the clerk's specific reasons (which parts are withheld, why) */
  reason?: string;
  /** 本机关不掌握: the organ responsible, if known (§36 (五)) */
  responsibleOrgan?: string;
  /** 重复申请: the earlier reply (e.g. 长政信公开〔2025〕3号) */
  earlierReply?: string;
}

export interface FilledReplyDocument {
  kind: ReplyDocumentKind;
  kindName: string;
  title: string;
  /** the 文号 line: a placeholder number staff complete before issue */
  docNo: string;
  /** 王小明： */
  addressee: string;
  paragraphs: string[];
  date: IsoDate;
  /** 2025年4月25日 */
  dateText: string;
  issuer: string;
  /** the provisions the text relies on, as cited */
  articles: string[];
  /** the remedies paragraph (replies only) */
  remedies: string | null;
}

// ---------------------------------------------------------------------------------------------
// the organ and the reviewing body

export interface CountyOrgans {
  countyName: string;
  /** the county government: 长安区人民政府 */
  government: string;
  /** 行政复议机关: the government of the level above */
  reviewBody: string;
  /** 长安 (for the 文号) */
  shortName: string;
}

/** The county government and the body one level above it from the region registry. */
export function countyOrgans(countyCode: string): CountyOrgans | undefined {
  const county = countyByCode6(countyCode);
  if (!county) return undefined;
  const city = cityOf(countyCode);
  const reviewBody = isProvinceAdministered(countyCode) || !city ? '河北省人民政府' : `${city.name}人民政府`;
  const shortName = county.name.length > 2 ? county.name.replace(/(自治县|县|区|市)$/, '') : county.name;
  return { countyName: county.name, government: `${county.name}人民政府`, reviewBody, shortName };
}

// ---------------------------------------------------------------------------------------------
// the templates

interface Vars {
  r: ReplyRequestData;
  c: ReplyContext;
  organ: string;
  received: string;
  desc: string;
}

export interface ReplyTemplate {
  kind: ReplyDocumentKind;
  title: string;
  /** the provisions relied on */
  articles: readonly string[];
  /** replies carry the remedies paragraph */
  remedies: boolean;
  body(v: Vars): string[];
}

const BLANK = '＿＿＿＿＿＿';
const orBlank = (s: string | undefined | null): string => (s && s.trim() ? s.trim() : BLANK);
const reasonSentence = (v: Vars): string[] => (v.c.reason?.trim() ? [v.c.reason.trim()] : []);

/** The opening every reply shares. */
const replyOpening = (v: Vars): string =>
  `${v.received}，本机关收到您提出的政府信息公开申请（查询号：${v.r.trackingNo}），申请获取“${v.desc}”。`;

const outcome = (
  code: OutcomeCode,
  articles: string[],
  decision: (v: Vars) => string[],
): ReplyTemplate => ({
  kind: code,
  title: '政府信息公开申请答复书',
  articles,
  remedies: true,
  body: (v) => [replyOpening(v), ...decision(v)],
});

const withheld = (code: OutcomeCode, articles: string[], ground: string): ReplyTemplate =>
  outcome(code, articles, (v) => [
    `经审查，您所申请的信息${ground}。根据${articles.join('、')}的规定，本机关决定不予公开。`,
    ...reasonSentence(v),
  ]);

const TEMPLATES: Record<ReplyDocumentKind, ReplyTemplate> = {
  acknowledgement: {
    kind: 'acknowledgement',
    title: PROCEDURAL_NAMES.acknowledgement,
    articles: [art('第二十七条'), art('第三十一条'), art('第三十三条')],
    remedies: false,
    body: (v) => [
      `${v.received}，本机关收到您依据${art('第二十七条')}提出的政府信息公开申请，申请获取“${v.desc}”，查询号为${v.r.trackingNo}。`,
      `根据${art('第三十一条')}的规定，本机关收到申请之日为${v.received}。根据${art('第三十三条')}的规定，本机关能够当场答复的当场答复；不能当场答复的，将自收到申请之日起${REPLY_WORKING_DAYS}个工作日内${v.r.dueOn ? `（即${formatDateZh(v.r.dueOn)}前）` : ''}予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意，将告知您，延长的期限最长不超过${REPLY_WORKING_DAYS}个工作日。征求第三方和其他机关意见所需时间不计算在上述期限内。`,
      `您可凭查询号和查询码在政府信息公开平台查询办理进度。`,
    ],
  },
  correctionNotice: {
    kind: 'correctionNotice',
    title: PROCEDURAL_NAMES.correctionNotice,
    articles: [art('第二十九条'), art('第三十条')],
    remedies: false,
    body: (v) => {
      const items = v.c.correction?.items?.filter((s) => s.trim()) ?? [];
      const days = v.c.correction?.workingDays ?? 15;
      return [
        `${v.received}，本机关收到您提出的政府信息公开申请（查询号：${v.r.trackingNo}），申请获取“${v.desc}”。`,
        `经审查，您的申请内容不明确，不符合${art('第二十九条')}的要求。根据${art('第三十条')}的规定，现一次性告知您作出补正，需要补正的事项如下：`,
        ...(items.length ? items.map((s, i) => `${i + 1}. ${s.trim()}`) : [`1. ${BLANK}（所需政府信息的名称、文号或者便于本机关查询的其他特征性描述）`]),
        `请您自收到本告知书之日起${days}个工作日内向本机关提交补正后的申请。答复期限自本机关收到补正的申请之日起重新计算。您无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。`,
      ];
    },
  },
  extensionNotice: {
    kind: 'extensionNotice',
    title: PROCEDURAL_NAMES.extensionNotice,
    articles: [art('第三十三条第一款')],
    remedies: false,
    body: (v) => {
      const ext = v.c.extension;
      return [
        `${v.received}，本机关收到您提出的政府信息公开申请（查询号：${v.r.trackingNo}），申请获取“${v.desc}”。`,
        `因${v.c.reason?.trim() || '所申请信息需要进一步检索、核实'}，本机关不能在规定期限${ext?.originalDueOn ? `（${formatDateZh(ext.originalDueOn)}）` : ''}内作出答复。根据${art('第三十三条第一款')}的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长${ext ? ext.workingDays : BLANK}个工作日，本机关将于${ext ? formatDateZh(ext.newDueOn) : BLANK}前作出答复。`,
        '特此告知。',
      ];
    },
  },
  thirdPartyConsultation: {
    kind: 'thirdPartyConsultation',
    title: PROCEDURAL_NAMES.thirdPartyConsultation,
    articles: [art('第十五条'), art('第三十二条'), art('第三十三条第二款')],
    remedies: false,
    body: (v) => {
      const tp = v.c.thirdParty;
      return [
        `${v.received}，本机关收到政府信息公开申请（查询号：${v.r.trackingNo}），申请获取“${v.desc}”。经审查，该信息${tp?.information?.trim() ? `（${tp.information.trim()}）` : ''}可能涉及贵方的商业秘密、个人隐私等合法权益，公开后可能对贵方合法权益造成损害。`,
        `根据${art('第三十二条')}的规定，现书面征求贵方意见。请贵方自收到本函之日起${THIRD_PARTY_OPINION_WORKING_DAYS}个工作日内${tp?.replyBy ? `（即${formatDateZh(tp.replyBy)}前）` : ''}向本机关书面提出是否同意公开的意见；不同意公开的，请说明理由。`,
        `贵方逾期未提出意见的，由本机关依照${REG}的规定决定是否公开。贵方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知贵方（${art('第十五条')}、第三十二条）。`,
        `征求意见所需时间不计算在答复申请人的期限内（${art('第三十三条第二款')}）。`,
      ];
    },
  },

  granted: outcome('granted', [art('第三十六条第（一）项'), art('第三十六条第（二）项'), art('第四十条')], (v) => [
    `经审查，您所申请的信息属于可以公开的政府信息。根据${art('第三十六条第（一）项')}、第（二）项的规定，本机关决定予以公开。`,
    v.c.howToObtain?.trim()
      ? v.c.howToObtain.trim()
      : `根据${art('第四十条')}的规定，现按照您要求的${v.r.deliveryFormName ? `“${v.r.deliveryFormName}”` : ''}形式向您提供该政府信息（见附件）${BLANK}。`,
  ]),
  partial: outcome('partial', [art('第三十七条'), art('第三十六条第（三）项')], (v) => [
    `经审查，您所申请的信息中含有不应当公开的内容，但能够作区分处理。根据${art('第三十七条')}的规定，本机关向您提供可以公开的政府信息内容${v.c.howToObtain?.trim() ? `（${v.c.howToObtain.trim()}）` : '（见附件）'}。`,
    `对不予公开的内容，理由如下：${orBlank(v.c.reason)}。根据${art('第三十六条第（三）项')}的规定，予以告知。`,
  ]),
  withheldStateSecret: withheld('withheldStateSecret', [art('第十四条'), '《中华人民共和国保守国家秘密法》'], '依法确定为国家秘密'),
  withheldProhibitedByLaw: withheld('withheldProhibitedByLaw', [art('第十四条')], '属于法律、行政法规禁止公开的政府信息'),
  withheldSafetyStability: withheld(
    'withheldSafetyStability',
    [art('第十四条')],
    '公开后可能危及国家安全、公共安全、经济安全、社会稳定',
  ),
  withheldThirdPartyRights: withheld(
    'withheldThirdPartyRights',
    [art('第十五条'), art('第三十二条')],
    '涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，且第三方不同意公开、不公开不会对公共利益造成重大影响',
  ),
  withheldInternalAffairs: withheld(
    'withheldInternalAffairs',
    [art('第十六条第一款')],
    '属于行政机关的内部事务信息（人事管理、后勤管理、内部工作流程等方面的信息）',
  ),
  withheldProcessInfo: withheld(
    'withheldProcessInfo',
    [art('第十六条第二款')],
    '属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息',
  ),
  withheldEnforcementFile: withheld('withheldEnforcementFile', [art('第十六条第二款')], '属于行政执法案卷信息'),
  withheldQueryMatter: outcome('withheldQueryMatter', [art('第三十六条第（七）项')], (v) => [
    `经审查，您所申请的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定。根据${art('第三十六条第（七）项')}的规定，请您依照有关法律、行政法规的规定办理${v.c.howToObtain?.trim() ? `：${v.c.howToObtain.trim()}` : ''}。`,
    ...reasonSentence(v),
  ]),
  unavailableNotHeld: outcome('unavailableNotHeld', [art('第三十六条第（四）项'), art('第三十六条第（五）项')], (v) => [
    `经检索，本机关未制作、获取您所申请的政府信息，该政府信息不存在。根据${art('第三十六条第（四）项')}的规定，予以告知。`,
    v.c.responsibleOrgan?.trim()
      ? `根据${art('第三十六条第（五）项')}的规定，该信息不属于本机关负责公开，您可向${v.c.responsibleOrgan.trim()}咨询、申请。`
      : `所申请信息不属于本机关负责公开的，根据${art('第三十六条第（五）项')}的规定，您可向负责该信息的行政机关咨询、申请。`,
    ...reasonSentence(v),
  ]),
  unavailableNeedsCreation: outcome('unavailableNeedsCreation', [art('第三十八条')], (v) => [
    `经审查，本机关没有现成的您所申请的信息，提供该信息需要对现有政府信息进行加工、分析。根据${art('第三十八条')}的规定，行政机关向申请人提供的信息应当是已制作或者获取的政府信息，本机关不予提供。`,
    ...reasonSentence(v),
  ]),
  unavailableUnclearAfterCorrection: outcome('unavailableUnclearAfterCorrection', [art('第二十九条'), art('第三十条')], (v) => [
    `本机关已根据${art('第三十条')}的规定一次性告知您补正申请${v.r.correctedOn ? `，并于${formatDateZh(v.r.correctedOn)}收到您补正后的申请` : ''}。经审查，补正后的申请内容仍不明确，不符合${art('第二十九条')}的要求，本机关无法确定您所需的政府信息，无法提供。`,
    '您可在明确所需政府信息的名称、文号或者便于本机关查询的其他特征性描述后重新提出申请。',
  ]),
  notProcessedPetition: outcome('notProcessedPetition', [art('第三十九条第一款')], (v) => [
    `经审查，您的申请属于以政府信息公开申请的形式进行信访、投诉、举报等活动。根据${art('第三十九条第一款')}的规定，本机关不作为政府信息公开申请处理，您可以通过信访、12345政务服务便民热线等相应渠道提出。`,
    ...reasonSentence(v),
  ]),
  notProcessedRepeated: outcome('notProcessedRepeated', [art('第三十六条第（六）项')], (v) => [
    `经审查，本机关已就您提出的相同政府信息公开申请作出答复${v.c.earlierReply?.trim() ? `（${v.c.earlierReply.trim()}）` : ''}，您重复申请公开相同政府信息。根据${art('第三十六条第（六）项')}的规定，本机关不予重复处理。`,
  ]),
  notProcessedPublication: outcome('notProcessedPublication', [art('第三十九条第二款')], (v) => [
    `经审查，您的申请内容为要求提供政府公报、报刊、书籍等公开出版物。根据${art('第三十九条第二款')}的规定，本机关告知您获取的途径：${orBlank(v.c.howToObtain)}。`,
  ]),
  notProcessedExcessive: outcome('notProcessedExcessive', [art('第三十五条')], (v) => [
    `您申请公开政府信息的数量、频次明显超过合理范围。本机关已根据${art('第三十五条')}的规定要求您说明理由，经审查，申请理由不合理${v.c.reason?.trim() ? `（${v.c.reason.trim()}）` : ''}。根据该条规定，本机关不予处理。`,
  ]),
  notProcessedConfirmation: outcome('notProcessedConfirmation', [art('第二条'), art('第三十八条')], (v) => [
    `经审查，您的申请系要求本机关确认或者重新出具您已获取的信息，不属于${art('第二条')}所称获取政府信息的申请；行政机关向申请人提供的信息，应当是已制作或者获取的政府信息（${art('第三十八条')}）。本机关不作为政府信息公开申请处理。`,
    ...reasonSentence(v),
  ]),
  otherNoCorrection: outcome('otherNoCorrection', [art('第三十条')], (v) => [
    `本机关已根据${art('第三十条')}的规定一次性告知您作出补正，您无正当理由逾期未补正。根据该条规定，视为您放弃申请，本机关不再处理该政府信息公开申请。`,
    ...reasonSentence(v),
  ]),
  otherFeeUnpaid: outcome(
    'otherFeeUnpaid',
    [art('第四十二条'), '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）'],
    (v) => [
      `您申请公开政府信息的数量、频次明显超过合理范围，本机关已依照${art('第四十二条')}和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定向您发出收费通知。您逾期未按收费通知要求缴纳费用，视为放弃申请，本机关不再处理该政府信息公开申请。`,
      ...reasonSentence(v),
    ],
  ),
  otherOther: outcome('otherOther', [art('第三十六条')], (v) => [`根据${art('第三十六条')}的规定，本机关答复如下：${orBlank(v.c.reason)}。`]),
};

/** The template of a kind (every outcome code and every procedural letter has one). */
export const replyTemplate = (kind: ReplyDocumentKind): ReplyTemplate => TEMPLATES[kind];

/** The remedies paragraph of a reply. */
export function remediesParagraph(reviewBody: string, court = '有管辖权的人民法院'): string {
  return `如对本答复不服，可在收到本答复书之日起60日内向${reviewBody}申请行政复议，或者在6个月内向${court}提起行政诉讼（${REG}第五十一条，《中华人民共和国行政复议法》，《中华人民共和国行政诉讼法》第四十六条）。`;
}

// ---------------------------------------------------------------------------------------------
// fill

/**
 * The document of `kind` for a request: title, 文号 placeholder, addressee, body paragraphs,
 * date and issuer. Replies end with the remedies. Fails on an unknown kind or county, bad dates,
 * or an extension notice without its new due date.
 */
export function fillReplyTemplate(kind: ReplyDocumentKind, request: ReplyRequestData, context: ReplyContext): Result<FilledReplyDocument, DomainError> {
  if (!isReplyDocumentKind(kind)) {
    return err(domainError('validation_failed', `未知的文书类型：${String(kind)}`, { fields: [{ field: 'kind', message: `应为 ${REPLY_DOCUMENT_KINDS.join('、')} 之一` }] }));
  }
  const organs = countyOrgans(context.countyCode);
  if (!organs) return err(domainError('validation_failed', `${context.countyCode} 不是县级行政区划代码`, { fields: [{ field: 'countyCode', message: '未知的县级代码' }] }));
  const fields: FieldIssue[] = [];
  if (!isIsoDate(context.date)) fields.push({ field: 'date', message: '日期格式应为 YYYY-MM-DD' });
  if (!isIsoDate(request.receivedOn)) fields.push({ field: 'receivedOn', message: '收到申请日期格式应为 YYYY-MM-DD' });
  if (request.dueOn != null && !isIsoDate(request.dueOn)) fields.push({ field: 'dueOn', message: '日期格式应为 YYYY-MM-DD' });
  if (kind === 'extensionNotice' && (!context.extension || !isIsoDate(context.extension.newDueOn))) {
    fields.push({ field: 'extension.newDueOn', message: '延期答复告知书须有延长后的答复期限' });
  }
  if (fields.length) return err(domainError('validation_failed', '文书信息有误', { fields }));

  const t = TEMPLATES[kind];
  const issuer = context.issuer?.trim() || organs.government;
  const v: Vars = {
    r: request,
    c: context,
    organ: issuer,
    received: formatDateZh(request.receivedOn),
    desc: request.description.trim().replace(/\s+/g, ' '),
  };
  const remedies = t.remedies ? remediesParagraph(context.reviewBody?.trim() || organs.reviewBody, context.court?.trim() || undefined) : null;
  const paragraphs = [...t.body(v)];
  if (remedies) paragraphs.push(remedies);
  if (context.contact?.trim()) paragraphs.push(`联系方式：${context.contact.trim()}`);
  const addressee = kind === 'thirdPartyConsultation' ? `${orBlank(context.thirdParty?.name)}：` : `${request.organisationName?.trim() || request.applicantName}：`;
  return ok({
    kind,
    kindName: REPLY_DOCUMENT_KIND_NAMES[kind],
    title: t.title,
    docNo: `${organs.shortName}政信公开〔${context.date.slice(0, 4)}〕\u3000号`,
    addressee,
    paragraphs,
    date: context.date,
    dateText: formatDateZh(context.date),
    issuer,
    articles: [...t.articles],
    remedies,
  });
}

import { z } from 'zod';
import { isIsoDate } from '../calendar/dates.js';
import { RECEIPT_CHANNELS } from './deadlines.js';
import { APPLICANT_TYPES, OUTCOME_CODES } from './outcomes.js';
import { sealedSchema } from './sealed.js';
import { REQUEST_STATUSES, WORKFLOW_EVENT_TYPES } from './workflow.js';

/**
 * Federation bodies of information requests (protocol v1 kinds `info.request`, `request.filed`,
 * `calendar.year`). What leaves a county is only what tracking and statistics need: no names, ID
 * numbers, phones, addresses or descriptions. What the hub sends a county about an applicant is
 * sealed to the county's key.
 */

const isoDate = z.string().refine(isIsoDate, { error: '日期格式应为 YYYY-MM-DD' });
export const trackingNoSchema = z.string().regex(/^\d{6}-\d{4}-[0-9A-Z]{6,8}$/, { error: '查询号格式不正确' });

export const DELIVERY_FORMS = ['paper', 'electronic', 'email', 'post', 'pickup', 'fax'] as const;
export type DeliveryForm = (typeof DELIVERY_FORMS)[number];
export const DELIVERY_FORM_NAMES: Record<DeliveryForm, string> = {
  paper: '纸质',
  electronic: '电子数据',
  email: '电子邮件',
  post: '邮寄',
  pickup: '当面领取',
  fax: '传真',
};

/** `info.request/1`: a county's request as the hub may know it. */
export const infoRequestEventBodySchema = z
  .object({
    trackingNo: trackingNoSchema,
    countyCode: z.string().regex(/^\d{6}$/),
    status: z.enum(REQUEST_STATUSES),
    receivedOn: isoDate,
    dueOn: isoDate.nullable(),
    provisional: z.boolean(),
    repliedOn: isoDate.nullable(),
    outcome: z.enum(OUTCOME_CODES).nullable(),
    applicantType: z.enum(APPLICANT_TYPES),
    channel: z.enum(RECEIPT_CHANNELS),
    events: z.array(z.object({ type: z.enum(WORKFLOW_EVENT_TYPES), on: isoDate }).strict()).max(500),
    version: z.number().int().positive(),
  })
  .strict();
export type InfoRequestEventBody = z.infer<typeof infoRequestEventBodySchema>;

/** `request.filed/1`: an application filed at the province portal, the applicant sealed to the county. */
export const requestFiledBodySchema = z
  .object({
    trackingNo: trackingNoSchema,
    countyCode: z.string().regex(/^\d{6}$/),
    /** `{applicant, description}` sealed with `sealForCounty`, the tracking number as associated data */
    sealed: sealedSchema,
    filedAt: z.iso.datetime({ offset: true }),
    applicantType: z.enum(APPLICANT_TYPES),
    deliveryForm: z.enum(DELIVERY_FORMS),
  })
  .strict();
export type RequestFiledBody = z.infer<typeof requestFiledBodySchema>;

/** The applicant as filed: sealed at the hub, in clear only at the county. */
export const applicantSchema = z
  .object({
    name: z.string().trim().min(1, { error: '请填写申请人姓名或名称' }).max(100),
    idType: z.string().trim().min(1).max(30).optional(),
    idNumber: z.string().trim().min(1).max(40).optional(),
    phone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/, { error: '联系电话格式不正确' }),
    email: z.email({ error: '电子邮箱格式不正确' }).max(200).optional(),
    address: z.string().trim().min(1).max(300).optional(),
    organisationName: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type Applicant = z.infer<typeof applicantSchema>;

/** What is inside `request.filed`'s sealed box. */
export const sealedApplicationSchema = z
  .object({ applicant: applicantSchema, description: z.string().trim().min(1).max(5000) })
  .strict();
export type SealedApplication = z.infer<typeof sealedApplicationSchema>;

/** `calendar.year/1`: a holiday file a province admin loaded (validated again with `loadHolidayFile`). */
export const calendarYearBodySchema = z
  .object({ year: z.number().int(), file: z.unknown(), loadedAt: z.iso.datetime({ offset: true }) })
  .strict();
export type CalendarYearBody = z.infer<typeof calendarYearBodySchema>;


/** The 依申请公开 vocabularies the pages render, built from @zwgk/core on the server. */
import { APPLICANT_TYPE_DEFS, CASE_RESULT_NAMES, OUTCOME_NAMES, REQUEST_ACTION_NAMES } from '@zwgk/core';
import { DELIVERY_OPTIONS, ORGANISATION_TYPES, OUTCOME_OPTION_GROUPS } from '$lib/requests';

export interface ApplicantVocab {
  orgTypes: { code: string; name: string }[];
  deliveryOptions: { code: string; name: string }[];
}

export const APPLICANT_VOCAB: ApplicantVocab = {
  orgTypes: ORGANISATION_TYPES.map((t) => ({ ...t })),
  deliveryOptions: DELIVERY_OPTIONS.map((d) => ({ ...d })),
};

export const WORKFLOW_VOCAB = {
  actionNames: { ...REQUEST_ACTION_NAMES } as Record<string, string>,
  outcomeNames: { ...OUTCOME_NAMES } as Record<string, string>,
  outcomeGroups: OUTCOME_OPTION_GROUPS.map((g) => ({ ...g, options: g.options.map((o) => ({ ...o })) })),
};

export const REPORT_VOCAB = {
  orgTypes: APPLICANT_TYPE_DEFS.filter((a) => a.kind === 'organization').map((a) => ({ code: a.code, label: a.label })),
  caseNames: { ...CASE_RESULT_NAMES } as Record<string, string>,
};

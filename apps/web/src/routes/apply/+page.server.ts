import { fail } from '@sveltejs/kit';
import type { UiError } from '$lib/errors';
import { type CountySummary, groupByCity } from '$lib/regions';
import { checkApplyForm, emptyApplyForm, readApplyForm, toFileInput } from '$lib/requests';
import { toUiError } from '$lib/server/backend-error';
import { failStatus, requestUiError } from '$lib/server/request-errors';
import { APPLICANT_VOCAB } from '$lib/server/request-vocab';
import { hubClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

/** The counties that accept online applications: those enrolled with the province platform. */
async function enrolledGroups(): Promise<{ groups: { key: string; name: string; counties: { code: string; name: string }[] }[]; error: UiError | null }> {
  try {
    const rows = await hubClient().counties.list.query();
    const enrolled: CountySummary[] = rows
      .filter((c) => c.enrolled)
      .map((c) => ({
        code: c.code,
        name: c.name,
        cityCode: c.cityCode,
        cityName: c.cityName,
        provinceAdministered: c.provinceAdministered,
        enrolled: c.enrolled,
        lastSyncAt: null,
        catalogItems: 0,
        publishedItems: 0,
      }));
    return {
      groups: groupByCity(enrolled).map((g) => ({ key: g.key, name: g.name, counties: g.counties.map((c) => ({ code: c.code, name: c.name })) })),
      error: null,
    };
  } catch (e) {
    return { groups: [], error: toUiError(e, '省级平台') };
  }
}

export const load: PageServerLoad = async ({ url, setHeaders }) => {
  setHeaders({ 'cache-control': 'private, no-store' });
  const { groups, error } = await enrolledGroups();
  const preset = url.searchParams.get('county') ?? '';
  const known = groups.some((g) => g.counties.some((c) => c.code === preset));
  return { title: '依申请公开', groups, loadError: error, initial: emptyApplyForm(known ? preset : ''), vocab: APPLICANT_VOCAB };
};

export const actions: Actions = {
  default: async ({ request }) => {
    const values = readApplyForm(await request.formData());
    const { groups, error } = await enrolledGroups();
    if (error) return fail(503, { values, message: error.message, errors: {} as Record<string, string> });
    const codes = groups.flatMap((g) => g.counties.map((c) => c.code));
    const errors = checkApplyForm(values, codes);
    if (Object.keys(errors).length) return fail(400, { values, message: '申请内容不完整或有误', errors });
    try {
      const filed = await hubClient().requests.file.mutate(toFileInput(values) as Parameters<ReturnType<typeof hubClient>['requests']['file']['mutate']>[0]);
      // shown once, in the response body only: never in the URL, never stored by the web
      return { filed: { trackingNo: filed.trackingNo, secret: filed.secret, countyName: filed.countyName, filedAt: filed.filedAt } };
    } catch (e) {
      const ui = requestUiError(e, '省级平台');
      return fail(failStatus(ui), { values, message: ui.message, errors: ui.fields });
    }
  },
};

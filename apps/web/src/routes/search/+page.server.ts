import type { inferRouterInputs } from '@trpc/server';
import type { HubRouter } from '@zwgk/hub/router';
import { toUiError } from '$lib/server/backend-error';
import { RECORD_NAMES, regionChoices, regionName } from '$lib/server/records-public';
import { hubClient } from '$lib/server/trpc';
import { parseSearchParams, toHubQuery } from '$lib/search';
import type { UiError } from '$lib/errors';
import type { PageServerLoad } from './$types';

/** the hub validates the values again; the URL parser has already dropped malformed ones */
type HubSearchInput = NonNullable<inferRouterInputs<HubRouter>['search']['query']>;

export const load: PageServerLoad = async ({ url }) => {
  const params = parseSearchParams(url.searchParams);
  let result = null;
  let loadError: UiError | null = null;
  try {
    result = await hubClient().search.query.query(toHubQuery(params) as HubSearchInput);
  } catch (e) {
    loadError = toUiError(e, '省级平台');
  }
  return {
    title: params.q ? `“${params.q}”的检索结果` : '政府信息检索',
    params,
    regionLabel: params.region ? regionName(params.region) : null,
    regions: regionChoices(),
    names: RECORD_NAMES,
    result,
    loadError,
  };
};

import { canWrite, countyLoadFailed } from '$lib/server/county';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  try {
    const info = await countyClient(session.code, session.token).node.info.query();
    return {
      user: session.user,
      canWrite: canWrite(session.user.role),
      node: {
        enrolled: info.enrolled,
        outbox: info.outbox,
        townships: info.townships,
      },
    };
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};

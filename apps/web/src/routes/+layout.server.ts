import { config } from '$lib/server/env';
import { configuredCounties } from '$lib/server/trpc';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
  const { site } = config();
  return {
    site,
    elder: locals.elder,
    /** county consoles this deployment serves (for the 管理入口 links) */
    consoleCounties: configuredCounties(),
    /** the server's clock, so relative times render the same on the server and in the browser */
    now: Date.now(),
  };
};

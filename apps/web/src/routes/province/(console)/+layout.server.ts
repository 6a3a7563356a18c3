import { PROVINCE_CONSOLE } from '$lib/consoles';
import { requireProvince } from '$lib/server/session';
import { VOCAB } from '$lib/server/vocab';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => {
  const { user } = requireProvince(locals, url);
  return {
    console: PROVINCE_CONSOLE,
    vocab: VOCAB,
    user: { username: user.username, displayName: user.displayName, role: user.role, cityCode: user.cityCode },
  };
};

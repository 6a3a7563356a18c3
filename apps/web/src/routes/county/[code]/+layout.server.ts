import { countyConsole } from '$lib/consoles';
import { countyMeta } from '$lib/server/county';
import { VOCAB } from '$lib/server/vocab';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ params }) => {
  const county = countyMeta(params.code);
  return { county, console: countyConsole(county.code, county.name, county.cityName), vocab: VOCAB };
};

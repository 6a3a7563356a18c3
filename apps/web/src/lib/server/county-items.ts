/** Every live item of a county (the node pages by 200; a county catalog holds a few hundred). */
import type { CountyClient } from './trpc';

const FETCH_PAGE = 200;
const FETCH_CAP = 4000;

export type CountyItem = Awaited<ReturnType<CountyClient['catalog']['list']['query']>>['items'][number];

export async function allCountyItems(node: CountyClient, filter: Record<string, string | undefined> = {}): Promise<{ items: CountyItem[]; total: number }> {
  const items: CountyItem[] = [];
  let total = 0;
  for (let offset = 0; offset < FETCH_CAP; offset += FETCH_PAGE) {
    const page = await node.catalog.list.query({ ...filter, limit: FETCH_PAGE, offset });
    total = page.total;
    items.push(...page.items);
    if (page.items.length < FETCH_PAGE || items.length >= total) break;
  }
  return { items, total };
}

import { error, fail, redirect } from '@sveltejs/kit';
import { type CatalogFormValues, readCatalogForm } from '$lib/catalog-form';
import { adoptOverrides } from '$lib/console-forms';
import { canWrite, countyActionError, countyLoadFailed } from '$lib/server/county';
import { failStatus } from '$lib/server/province';
import { requireCounty } from '$lib/server/session';
import { type CountyClient, countyClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

async function standardItem(node: CountyClient, id: string) {
  const guidelines = await node.standards.list.query();
  for (const g of guidelines) {
    const s = g.items.find((i) => i.id === id);
    if (s) return { item: s, version: g.version, domainName: g.name };
  }
  return null;
}

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  if (!canWrite(session.user.role)) error(403, { message: '您的账号只能查看，不能采用标准事项', code: 'forbidden' });
  const id = url.searchParams.get('id') ?? '';
  let found;
  try {
    found = await standardItem(countyClient(session.code, session.token), id);
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
  if (!found) error(404, { message: `现行标准指引中没有标准事项 ${id}`, code: 'not_found' });
  const s = found.item;
  const values: CatalogFormValues = {
    domain: s.domain,
    level: s.levels[0] ?? 'county',
    townshipCode: '',
    name: s.name,
    content: s.content,
    legalBasis: s.legalBasis,
    timeLimit: s.timeLimit,
    responsibleBody: s.responsibleBody,
    method: s.method,
    channels: [...s.channels],
    audience: s.audience,
    audienceNote: s.audienceNote ?? '',
  };
  return { title: `调整后采用：${s.name}`, standard: { ...s, version: found.version, domainName: found.domainName }, values };
};

export const actions: Actions = {
  default: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const values = readCatalogForm(await request.formData());
    const id = url.searchParams.get('id') ?? '';
    if (!canWrite(session.user.role)) return fail(403, { values, message: '您的账号只能查看，不能采用标准事项', errors: {} as Record<string, string> });
    const node = countyClient(session.code, session.token);
    let created: { id: string; name: string };
    try {
      const found = await standardItem(node, id);
      if (!found) return fail(404, { values, message: `现行标准指引中没有标准事项 ${id}`, errors: {} as Record<string, string> });
      const overrides = adoptOverrides(found.item, values);
      created = await node.catalog.adopt.mutate({
        standardItemId: id,
        level: values.level,
        townshipCode: values.level === 'township' && values.townshipCode ? values.townshipCode : null,
        ...(Object.keys(overrides).length ? { overrides } : {}),
      });
    } catch (e) {
      const ui = countyActionError(e, { code: session.code, cookies, url });
      // the node reports overrides.<field>: show it next to the field
      const errors = Object.fromEntries(Object.entries(ui.fields).map(([k, v]) => [k === 'overrides' ? '(root)' : k, v]));
      return fail(failStatus(ui.code), { values, message: ui.message, errors });
    }
    redirect(303, `/county/${session.code}?done=adopted&name=${encodeURIComponent(created.name)}`);
  },
};

import { fail, redirect } from '@sveltejs/kit';
import { countyStandardState } from '$lib/coverage';
import { readExemptionForm } from '$lib/console-forms';
import { canWrite, countyActionError, countyLoadFailed } from '$lib/server/county';
import { allCountyItems } from '$lib/server/county-items';
import { failStatus } from '$lib/server/province';
import { requireCounty } from '$lib/server/session';
import { countyClient } from '$lib/server/trpc';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params, cookies }) => {
  const session = requireCounty(locals, url, params.code);
  const node = countyClient(session.code, session.token);
  try {
    const [guidelines, { items }, affected] = await Promise.all([node.standards.list.query(), allCountyItems(node), node.standards.affected.query()]);
    const bySid = new Map<string, typeof items>();
    for (const it of items) {
      if (!it.standardItemId) continue;
      const list = bySid.get(it.standardItemId);
      if (list) list.push(it);
      else bySid.set(it.standardItemId, [it]);
    }
    const domainParam = url.searchParams.get('domain') ?? '';
    const affectedDomains = new Set(affected.map((a) => a.standardItemId.slice(0, a.standardItemId.lastIndexOf('.'))));
    const summaries = guidelines.map((g) => {
      const states = g.items.map((s) => countyStandardState(bySid.get(s.id) ?? [], !!s.exemption));
      return {
        domain: g.domain,
        name: g.name,
        version: g.version,
        total: g.items.length,
        uncovered: states.filter((x) => x === 'uncovered').length,
        updated: affectedDomains.has(g.domain),
      };
    });
    const current = guidelines.find((g) => g.domain === domainParam) ?? guidelines[0] ?? null;
    let changes = null;
    if (current && current.version > 1) {
      try {
        changes = await node.standards.changes.query({ domain: current.domain, from: current.version - 1 });
      } catch {
        changes = null; // the previous version never reached this county (enrolled later)
      }
    }
    return {
      title: '标准指引',
      summaries,
      affected,
      guideline: current && {
        domain: current.domain,
        name: current.name,
        version: current.version,
        publishedAt: current.publishedAt,
        receivedAt: current.receivedAt,
        items: current.items.map((s) => {
          const own = (bySid.get(s.id) ?? []).map((i) => ({ id: i.id, name: i.name, status: i.status, adoption: i.adoption, level: i.level, townshipCode: i.townshipCode }));
          return { ...s, state: countyStandardState(own, !!s.exemption), own };
        }),
      },
      changes,
      isAdmin: session.user.role === 'county_admin',
      done: url.searchParams.get('done'),
      doneName: url.searchParams.get('name'),
    };
  } catch (e) {
    countyLoadFailed(e, { code: session.code, cookies, url });
  }
};

const back = (url: URL, code: string, done: string, name: string) => {
  const domain = url.searchParams.get('domain');
  return `/county/${code}/standards?${domain ? `domain=${encodeURIComponent(domain)}&` : ''}done=${done}&name=${encodeURIComponent(name)}`;
};

export const actions: Actions = {
  adopt: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const form = await request.formData();
    const standardItemId = String(form.get('standardItemId') ?? '');
    if (!canWrite(session.user.role)) return fail(403, { sid: standardItemId, message: '您的账号只能查看，不能采用标准事项' });
    let item: { name: string };
    try {
      item = await countyClient(session.code, session.token).catalog.adopt.mutate({ standardItemId });
    } catch (e) {
      const ui = countyActionError(e, { code: session.code, cookies, url });
      return fail(failStatus(ui.code), { sid: standardItemId, message: ui.message });
    }
    redirect(303, back(url, session.code, 'adopted', item.name));
  },
  declare: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const { standardItemId, reason, error } = readExemptionForm(await request.formData());
    if (error) return fail(400, { sid: standardItemId, message: error, reason });
    try {
      await countyClient(session.code, session.token).catalog.declareExemption.mutate({ standardItemId, reason });
    } catch (e) {
      const ui = countyActionError(e, { code: session.code, cookies, url });
      return fail(failStatus(ui.code), { sid: standardItemId, message: ui.fields.reason ?? ui.message, reason });
    }
    redirect(303, back(url, session.code, 'declared', standardItemId));
  },
  withdraw: async ({ locals, url, params, request, cookies }) => {
    const session = requireCounty(locals, url, params.code);
    const standardItemId = String((await request.formData()).get('standardItemId') ?? '');
    try {
      await countyClient(session.code, session.token).catalog.withdrawExemption.mutate({ standardItemId });
    } catch (e) {
      const ui = countyActionError(e, { code: session.code, cookies, url });
      return fail(failStatus(ui.code), { sid: standardItemId, message: ui.message });
    }
    redirect(303, back(url, session.code, 'withdrawn', standardItemId));
  },
};


/**
 * County nodes for the hub's end-to-end tests: a data dir initialised, enrolled with the test's hub
 * through its HTTP API (in-process) as `zwgk-county enroll` does, and holding its users; their
 * REST tokens; a catalog item as a county admin enters it.
 */
import { type CatalogItemInput, ok } from '@zwgk/core';
import { createAdmin, enrollNode, initNode } from '@zwgk/county-node/commands';
import type { CountyNode } from '@zwgk/county-node/node';
import type { CountyRole } from '@zwgk/db/sqlite';
import { tempDir } from '@zwgk/testing';
import type { Hub } from '../src/hub.js';
import { createEnrollmentToken } from '../src/services/enrollment.js';
import { PASSWORD } from './helpers.js';

/** Enrolls an initialised data dir with the hub, as the county CLI does over HTTP. */
export async function enrollDir(hub: Hub, code: string, dataDir: string): Promise<void> {
  const hubFetch = ((input: string | URL | Request, init?: RequestInit) => Promise.resolve(hub.app.request(String(input), init))) as typeof fetch;
  const { token } = await createEnrollmentToken(hub.db.db, code, 'test');
  const enrolled = await enrollNode({ dataDir, hubUrl: 'http://hub.test', token, fetch: hubFetch });
  if (!enrolled.ok) throw new Error(enrolled.error.message);
}

/** A county's data dir (named `<prefix><code>-…`), initialised, enrolled with `hub` and holding `users` with PASSWORD. */
export async function prepareCounty(
  hub: Hub,
  code: string,
  prefix: string,
  users: readonly (readonly [string, CountyRole])[] = [['admin', 'county_admin']],
): Promise<{ path: string; remove(): void }> {
  const dir = tempDir(`${prefix}${code}-`);
  try {
    const init = initNode({ county: code, dataDir: dir.path });
    if (!init.ok) throw new Error(init.error.message);
    await enrollDir(hub, code, dir.path);
    for (const [username, role] of users) {
      const r = await createAdmin({ dataDir: dir.path, username, role, password: async () => ok({ password: PASSWORD, demo: false }) });
      if (!r.ok) throw new Error(r.error.message);
    }
    return dir;
  } catch (e) {
    dir.remove();
    throw e;
  }
}

/** A REST token of one of the node's users. */
export async function countyToken(node: CountyNode, username: string): Promise<string> {
  const res = await node.app.request('/api/v1/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** The `n`th list of 临时救助 recipients, as a county admin enters it. */
export const catalogItemInput = (n: number): CatalogItemInput => ({
  domain: 'social-assistance',
  level: 'county',
  townshipCode: null,
  name: `临时救助对象名单（第${n}批）`,
  content: '救助对象姓名、救助金额、救助事由',
  legalBasis: '《社会救助暂行办法》第四十七条',
  timeLimit: '信息形成或者变更之日起20个工作日内',
  responsibleBody: '区民政局',
  method: 'proactive',
  channels: ['website', 'bulletin-board'],
  audience: 'public',
  audienceNote: null,
});

#!/usr/bin/env node
/**
 * Province in a box (`npm start`): the whole system on one machine.
 *
 *   NATS + Postgres   scripts/services.mjs ensure
 *   hub               http://127.0.0.1:7100   database `zwgk`, demo admin `province`
 *   county nodes      130102 长安区 :7101, 130181 辛集市 :7102, 130682 定州市 :7103
 *                     data in .data/county-<code>/, initialised and enrolled on first run,
 *                     demo users `admin`, `editor`, `reviewer`, three demo catalog items and
 *                     five demo published records each (federated to the hub: search, feeds)
 *   web               http://localhost:7000
 *
 * Demo accounts use ZWGK_DEMO_PASSWORD (default `zwgk-demo`); the apps accept it only because
 * ZWGK_DEMO=1 is set here. Ctrl-C stops web, county nodes, hub, then whatever services.mjs
 * started for this run. A second `npm start` reuses .data/.
 *
 * `npm start -- --reset` first drops the hub database `zwgk`, deletes .data/hub, the county data
 * dirs and the JetStream streams, so everything is set up afresh.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = join(root, '.data');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

const HUB_PORT = 7100;
const WEB_PORT = 7000;
const HUB_URL = `http://127.0.0.1:${HUB_PORT}`;
const WEB_ORIGIN = `http://localhost:${WEB_PORT}`;
const DEMO_PASSWORD = process.env.ZWGK_DEMO_PASSWORD || 'zwgk-demo';

const COUNTIES = [
  { code: '130102', name: '长安区', port: 7101 },
  { code: '130181', name: '辛集市', port: 7102 },
  { code: '130682', name: '定州市', port: 7103 },
];
for (const c of COUNTIES) {
  c.dir = join(dataDir, `county-${c.code}`);
  c.url = `http://127.0.0.1:${c.port}`;
}

/** Three realistic catalog items per county (事项目录), seeded through each county's REST API. */
function demoItems(county) {
  const gov = `${county.name}人民政府`;
  const common = { level: 'county', method: 'proactive', channels: ['website', 'bulletin-board'], audience: 'public' };
  return [
    {
      ...common,
      domain: 'social-assistance',
      name: '最低生活保障对象名单',
      content: `${county.name}城乡最低生活保障对象的姓名（部分隐去）、所在村（社区）、保障人数和月保障金额，以及动态调整情况。`,
      legalBasis: '《社会救助暂行办法》第十一条；《中华人民共和国政府信息公开条例》第二十条；《河北省最低生活保障审核确认办法》',
      timeLimit: '信息形成或者变更之日起20个工作日内',
      responsibleBody: `${county.name}民政局`,
    },
    {
      ...common,
      domain: 'social-assistance',
      name: '临时救助政策文件',
      content: '临时救助的对象范围、救助标准、申请条件、办理程序和所需材料，以及急难型救助“先行救助”的规定。',
      legalBasis: '《社会救助暂行办法》第四十七条至第五十二条；《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）',
      timeLimit: '文件制定或者修改之日起20个工作日内',
      responsibleBody: `${county.name}民政局`,
    },
    {
      ...common,
      domain: 'land-expropriation-compensation',
      name: '征地补偿标准',
      content: `${county.name}区片综合地价、地上附着物和青苗补偿标准、被征地农民社会保障费用的筹集和缴纳办法。`,
      legalBasis: '《中华人民共和国土地管理法》第四十八条；《中华人民共和国土地管理法实施条例》第三十二条；河北省人民政府公布的征地区片综合地价',
      timeLimit: '标准公布或者调整之日起20个工作日内',
      responsibleBody: gov,
    },
  ];
}

/** A small real PDF (one page, valid xref): the county node accepts attachments by their bytes. */
function demoPdf(title) {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
  ];
  const text = `BT /F1 14 Tf 60 780 Td (${title}) Tj ET`;
  objs.push(`<< /Length ${text.length} >>\nstream\n${text}\nendstream`, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  let out = '%PDF-1.4\n';
  const offsets = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/**
 * Five published records per county (政府信息), across three domains: a 征地补偿 notice with its
 * PDF, a 社会救助 policy and its 政策解读 (问答), an older 低保 notice that has since expired, and
 * an 义务教育 notice. Each goes through the county's REST API as staff would do it: the editor
 * drafts and submits, the reviewer approves (保密审查), the admin publishes; so they get index
 * numbers and federate to the hub like any record.
 */
function demoRecords(county) {
  const n = county.name;
  return [
    {
      key: 'land',
      publishedOn: '2025-03-18',
      attachment: { name: `${n}征地补偿标准.pdf`, bytes: () => demoPdf(`${county.code} land compensation standard 2025`) },
      draft: {
        title: `${n}人民政府关于公布征地区片综合地价及青苗补偿标准的公告`,
        issuingBody: `${n}人民政府`,
        docNo: `${n.slice(0, 2)}政告〔2025〕3号`,
        writtenOn: '2025-03-12',
        domain: 'land-expropriation-compensation',
        attribute: 'proactive',
        targetGroups: ['被征地农村集体经济组织', '被征地农民'],
        body: [
          `<p>根据《中华人民共和国土地管理法》第四十八条和河北省人民政府公布的征地区片综合地价，现将${n}征地补偿标准公告如下：</p>`,
          '<h3>一、区片综合地价</h3>',
          '<p>一类区片每亩7.2万元，二类区片每亩6.5万元，三类区片每亩5.8万元。区片综合地价包括土地补偿费和安置补助费，不含地上附着物和青苗补偿费、被征地农民社会保障费用。</p>',
          '<h3>二、青苗补偿</h3>',
          '<p>一年两熟耕地每亩2000元，一年一熟耕地每亩1100元；多年生作物按实际评估价值补偿。</p>',
          '<p>本公告自发布之日起施行。补偿标准详见附件。</p>',
        ].join(''),
      },
    },
    {
      key: 'relief',
      publishedOn: '2025-04-30',
      draft: {
        title: `${n}临时救助实施办法`,
        issuingBody: `${n}民政局`,
        docNo: `${n.slice(0, 2)}民〔2025〕9号`,
        writtenOn: '2025-04-22',
        domain: 'social-assistance',
        attribute: 'proactive',
        needsInterpretation: true,
        targetGroups: ['低保对象', '特困人员', '困难群众'],
        body: [
          '<p>第一条 为规范临时救助工作，及时解决群众遭遇的突发性、紧迫性、临时性基本生活困难，根据《社会救助暂行办法》，制定本办法。</p>',
          '<p>第二条 因火灾、交通事故等意外事件，家庭成员突发重大疾病等原因，导致基本生活暂时出现严重困难的家庭或个人，可以申请临时救助。</p>',
          '<p>第三条 临时救助标准一般不超过当地月最低生活保障标准的6倍；对情况紧急的，实行“先行救助”，事后补充说明情况。</p>',
          '<p>第四条 申请临时救助，可向户籍所在地或经常居住地乡镇人民政府（街道办事处）提出，也可由村（居）民委员会代为提出。</p>',
        ].join(''),
      },
    },
    {
      key: 'relief-qa',
      publishedOn: '2025-04-30',
      draft: {
        title: `《${n}临时救助实施办法》政策解读`,
        issuingBody: `${n}民政局`,
        writtenOn: '2025-04-22',
        domain: 'social-assistance',
        attribute: 'proactive',
        kind: 'interpretation',
        interprets: 'relief',
        interpretationForm: 'qa',
        body: [
          '<p>问：哪些人可以申请临时救助？</p>',
          '<p>答：因意外事件、突发重大疾病等导致基本生活暂时出现严重困难的家庭或个人，以及生活无着的流浪、乞讨人员。</p>',
          '<p>问：救助标准是多少？</p>',
          '<p>答：一般不超过当地月最低生活保障标准的6倍，具体根据困难程度确定。</p>',
          '<p>问：到哪里申请？</p>',
          '<p>答：向户籍所在地或经常居住地的乡镇人民政府（街道办事处）申请；情况紧急的可先行救助。</p>',
        ].join(''),
      },
    },
    {
      key: 'dibao-2023',
      publishedOn: '2023-06-20',
      expireOn: '2025-01-01',
      draft: {
        title: `${n}关于提高2023年城乡最低生活保障标准的通知`,
        issuingBody: `${n}民政局`,
        docNo: `${n.slice(0, 2)}民〔2023〕15号`,
        writtenOn: '2023-06-12',
        domain: 'social-assistance',
        attribute: 'proactive',
        targetGroups: ['低保对象'],
        body: '<p>自2023年7月1日起，城市低保标准提高到每人每月820元，农村低保标准提高到每人每年6800元。</p>',
      },
    },
    {
      key: 'school',
      publishedOn: '2025-05-20',
      draft: {
        title: `${n}2025年义务教育学校招生入学工作通知`,
        issuingBody: `${n}教育局`,
        docNo: `${n.slice(0, 2)}教〔2025〕21号`,
        writtenOn: '2025-05-15',
        domain: 'compulsory-education',
        attribute: 'proactive',
        targetGroups: ['适龄儿童少年家长'],
        body: [
          '<p>一、坚持免试就近入学。公办义务教育学校按划定的招生范围招生，不得以任何形式的考试、测试选拔学生。</p>',
          '<p>二、网上报名时间为6月10日至6月20日，家长可通过政务服务平台填报信息。</p>',
          '<p>三、进城务工人员随迁子女按“两为主、两纳入”原则，以居住证为主要依据入学。</p>',
        ].join(''),
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// output

const NAME_WIDTH = 16;
const tag = (name) => `[${name}]`.padEnd(NAME_WIDTH);
const log = (msg) => console.log(`${tag('start')} ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class StartError extends Error {}

function prefixLines(stream, name, out) {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => out.write(`${tag(name)} ${line}\n`));
}

// ---------------------------------------------------------------------------------------------
// child processes

/** Long-running children, in start order; they are stopped in reverse. */
const children = [];
let stopping = false;

function childEnv(extra) {
  return { ...process.env, FORCE_COLOR: '0', ...extra };
}

/** Starts a long-running child in its own process group, with its output prefixed by `name`. */
function startChild(name, cmd, args, env) {
  const child = spawn(cmd, args, { cwd: root, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  prefixLines(child.stdout, name, process.stdout);
  prefixLines(child.stderr, name, process.stderr);
  const entry = { name, child, exited: false, code: null };
  entry.done = new Promise((res) => {
    child.once('exit', (code, signal) => {
      entry.exited = true;
      entry.code = code ?? signal;
      res();
      if (!stopping) {
        console.error(`${tag('start')} ${name} exited unexpectedly (${code ?? signal}); stopping everything`);
        void shutdown(1);
      }
    });
    child.once('error', (e) => {
      entry.exited = true;
      res();
      if (!stopping) {
        console.error(`${tag('start')} ${name} could not start: ${e.message}`);
        void shutdown(1);
      }
    });
  });
  children.push(entry);
  return entry;
}

async function stopChild(entry, graceMs = 20000) {
  if (entry.exited) return;
  const kill = (sig) => {
    try {
      process.kill(-entry.child.pid, sig); // the whole group: tsx and the node process it runs
    } catch {
      /* already gone */
    }
  };
  kill('SIGTERM');
  const timedOut = await Promise.race([entry.done.then(() => false), sleep(graceMs).then(() => true)]);
  if (timedOut) {
    console.error(`${tag('start')} ${entry.name} did not stop within ${graceMs / 1000}s; killing it`);
    kill('SIGKILL');
    await entry.done;
  } else {
    kill('SIGKILL'); // anything left in the group (normally nothing)
  }
}

/**
 * Runs a command to completion with prefixed output; resolves its stdout. Throws a StartError
 * with the output when it fails.
 */
function run(name, cmd, args, env = {}, { quiet = false } = {}) {
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, { cwd: root, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    if (!quiet) {
      prefixLines(child.stdout, name, process.stdout);
      prefixLines(child.stderr, name, process.stderr);
    }
    child.once('error', (e) => rej(new StartError(`${name}: ${cmd} could not run: ${e.message}`)));
    child.once('exit', (code, signal) => {
      if (code === 0) res(stdout);
      else {
        const shown = quiet ? `\n${stdout}${stderr}` : '';
        rej(new StartError(`${name}: \`${[cmd, ...args].map((a) => a.replace(root + '/', '')).join(' ')}\` failed (${code ?? signal})${shown}`));
      }
    });
  });
}

const tsxRun = (name, script, args, env, opts) => run(name, tsx, [script, ...args], env, opts);

// ---------------------------------------------------------------------------------------------
// HTTP helpers

async function http(method, url, { token, body } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: r.status, ok: r.ok, json, text };
}

/** Polls `url` until it answers 2xx, the child exits, or the timeout passes. */
async function waitHttp(name, url, entry, timeoutMs = 90000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (entry?.exited) throw new StartError(`${name} exited before ${url} answered`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new StartError(`${name} did not answer ${url} within ${timeoutMs / 1000}s`);
    await sleep(250);
  }
}

async function login(baseUrl, username, password) {
  const r = await http('POST', `${baseUrl}/api/v1/auth/token`, { body: { username, password } });
  return r.ok && r.json?.token ? r.json.token : undefined;
}

function portInUse(port) {
  return new Promise((res) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      res(true);
    });
    s.once('error', () => res(false));
  });
}

// ---------------------------------------------------------------------------------------------
// steps

let servicesStarted = [];
/** the box's NATS in operator mode: {natsUrl, natsAccountFile, natsAdminCreds}, unless NATS_URL was given */
let provinceNats;

async function ensureServices() {
  await run('services', process.execPath, [join(root, 'scripts', 'services.mjs'), 'ensure', '--operator']);
  const file = JSON.parse(readFileSync(join(dataDir, 'services.json'), 'utf8'));
  servicesStarted = file.started ?? [];
  provinceNats = file.province;
  return { databaseUrl: file.databaseUrl, natsUrl: provinceNats?.natsUrl ?? file.natsUrl };
}

/** Creates the hub's database `zwgk` on the chosen server if it is missing; returns its URL. */
async function ensureHubDatabase(serverUrl) {
  const { default: postgres } = await import('postgres');
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = 'zwgk'`;
    if (rows.length === 0) {
      log('creating database zwgk');
      await sql.unsafe(
        `create database zwgk template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`,
      );
    }
  } finally {
    await sql.end({ timeout: 2 });
  }
  const u = new URL(serverUrl);
  u.pathname = '/zwgk';
  return u.toString();
}

/**
 * Drops the hub database, removes the hub's and the county nodes' data, and deletes the box's
 * JetStream streams (their consumers go with them), so no event of the old identities lingers.
 */
async function reset(serverUrl, natsUrl) {
  log('--reset: dropping database zwgk, deleting .data/hub and .data/county-*, and the ZWGK streams');
  const { default: postgres } = await import('postgres');
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe('drop database if exists zwgk with (force)');
  } finally {
    await sql.end({ timeout: 2 });
  }
  rmSync(join(dataDir, 'hub'), { recursive: true, force: true });
  for (const c of COUNTIES) rmSync(c.dir, { recursive: true, force: true });

  const { connect: natsConnect, credsAuthenticator } = await import('@nats-io/transport-node');
  const { jetstreamManager } = await import('@nats-io/jetstream');
  const nc = await natsConnect({
    servers: natsUrl,
    ...(provinceNats?.natsAdminCreds
      ? { authenticator: credsAuthenticator(readFileSync(provinceNats.natsAdminCreds)) }
      : process.env.NATS_USER
        ? { user: process.env.NATS_USER, pass: process.env.NATS_PASSWORD ?? '' }
        : {}),
  });
  try {
    const jsm = await jetstreamManager(nc);
    const prefix = process.env.ZWGK_STREAM_PREFIX || 'ZWGK';
    for (const stream of [`${prefix}_COUNTY`, `${prefix}_HUB`]) {
      try {
        await jsm.streams.delete(stream);
        log(`--reset: deleted stream ${stream}`);
      } catch {
        /* not there */
      }
    }
  } finally {
    await nc.close();
  }
}

/** Newest mtime under `path` (files only; node_modules and build output skipped). */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of readdirSync(path)) {
    if (e === 'node_modules' || e === 'build' || e === '.svelte-kit' || e.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, e)));
  }
  return newest;
}

function webNeedsBuild() {
  const built = join(root, 'apps', 'web', 'build', 'index.js');
  if (!existsSync(built)) return true;
  const web = join(root, 'apps', 'web');
  const sources = [
    join(web, 'src'),
    join(web, 'static'),
    join(web, 'package.json'),
    join(web, 'svelte.config.js'),
    join(web, 'vite.config.ts'),
    join(web, 'vite.config.js'),
    join(root, 'packages', 'core', 'src'),
  ];
  const newest = Math.max(...sources.map(newestMtime));
  return newest > statSync(built).mtimeMs;
}

async function setUpCounty(county, hubEnv, countyEnv) {
  const name = `county-${county.code}`;
  const cli = 'apps/county-node/src/cli.ts';
  const marker = join(county.dir, 'demo-setup.json');
  const state = existsSync(marker) ? JSON.parse(readFileSync(marker, 'utf8')) : {};
  const save = () => writeFileSync(marker, `${JSON.stringify(state, null, 2)}\n`);

  if (!existsSync(join(county.dir, 'node.json'))) {
    log(`${county.code} ${county.name}: initialising ${county.dir.replace(root + '/', '')}`);
    for (const k of Object.keys(state)) delete state[k];
    await tsxRun(name, cli, ['init', '--county', county.code, '--data-dir', county.dir], countyEnv);
  }
  mkdirSync(county.dir, { recursive: true });

  // node.json records the enrollment (the hub's signing key, subject names, the NATS credential).
  const node = JSON.parse(readFileSync(join(county.dir, 'node.json'), 'utf8'));
  // A county enrolled before the box ran NATS in operator mode has no credential: enroll it again.
  const needsCredential = hubEnv.ZWGK_NATS_ACCOUNT_FILE && !existsSync(join(county.dir, 'nats.creds'));
  if ((!node.hubSigningPublicKey && !node.enrolledAt) || needsCredential) {
    log(`${county.code} ${county.name}: enrolling at the hub`);
    const out = await tsxRun('hub-cli', 'apps/hub/src/cli.ts', ['issue-enrollment-token', '--county', county.code], hubEnv, {
      quiet: true,
    });
    const token = out.trim().split('\n').pop()?.trim();
    if (!token) throw new StartError(`hub CLI issue-enrollment-token printed no token for ${county.code}`);
    await tsxRun(name, cli, ['enroll', '--data-dir', county.dir, '--hub', HUB_URL, '--token', token], countyEnv);
  }

  for (const [username, role] of [['editor', 'county_editor'], ['reviewer', 'county_reviewer']]) {
    if (state[username]) continue;
    log(`${county.code} ${county.name}: creating demo ${role.replace('county_', '')} \`${username}\``);
    await tsxRun(name, cli, ['create-admin', '--data-dir', county.dir, '--username', username, '--role', role, '--demo'], countyEnv);
    state[username] = true;
    save();
  }

  if (!state.admin) {
    log(`${county.code} ${county.name}: creating demo admin \`admin\``);
    await tsxRun(
      name,
      cli,
      ['create-admin', '--data-dir', county.dir, '--username', 'admin', '--role', 'county_admin', '--demo'],
      countyEnv,
    );
    state.admin = true;
    save();
  }
  return { state, save };
}

async function seedCounty(county, setup) {
  if (setup.state.seeded) return;
  const token = await login(county.url, 'admin', DEMO_PASSWORD);
  if (!token) throw new StartError(`county ${county.code}: cannot log in as admin with the demo password`);
  // Skip items already there (an earlier run may have stopped half-way through seeding).
  const list = await http('GET', `${county.url}/api/v1/catalog/items?limit=100`, { token });
  const existing = new Set((list.json?.items ?? []).map((i) => i.name));
  let created = 0;
  for (const item of demoItems(county)) {
    if (existing.has(item.name)) continue;
    created += 1;
    const r = await http('POST', `${county.url}/api/v1/catalog/items`, { token, body: item });
    if (!r.ok) throw new StartError(`county ${county.code}: seeding “${item.name}” failed: ${r.status} ${r.text}`);
  }
  log(`${county.code} ${county.name}: seeded ${created} demo catalog items`);
  setup.state.seeded = true;
  setup.save();
}

/**
 * Publishes the demo records, once. Resumable: a record found by its title carries on from the
 * state an interrupted run left it in, so a second start never duplicates one.
 */
async function seedRecords(county, setup) {
  if (setup.state.records) return;
  const token = {};
  for (const who of ['admin', 'editor', 'reviewer']) {
    token[who] = await login(county.url, who, DEMO_PASSWORD);
    if (!token[who]) throw new StartError(`county ${county.code}: cannot log in as ${who} with the demo password`);
  }
  const api = async (who, method, path, body) => {
    const r = await http(method, `${county.url}${path}`, { token: token[who], body });
    if (!r.ok) throw new StartError(`county ${county.code}: ${method} ${path} failed: ${r.status} ${r.text}`);
    return r.json;
  };
  const existing = new Map(((await api('admin', 'GET', '/api/v1/records?limit=200')).items ?? []).map((r) => [r.title, r]));
  const ids = {};
  let published = 0;
  for (const spec of demoRecords(county)) {
    const { interprets, ...draft } = spec.draft;
    let rec = existing.get(draft.title);
    if (!rec) rec = await api('editor', 'POST', '/api/v1/records', { ...draft, ...(interprets ? { interpretsRecordId: ids[interprets] } : {}) });
    ids[spec.key] = rec.id;
    if (spec.attachment && ['draft', 'returned'].includes(rec.status)) {
      const have = await api('editor', 'GET', `/api/v1/records/${rec.id}/attachments`);
      if (!(have.items ?? have).length) {
        const form = new FormData();
        form.append('file', new Blob([spec.attachment.bytes()], { type: 'application/pdf' }), spec.attachment.name);
        const r = await fetch(`${county.url}/api/v1/records/${rec.id}/attachments`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token.editor}` },
          body: form,
        });
        if (!r.ok) throw new StartError(`county ${county.code}: uploading ${spec.attachment.name} failed: ${r.status} ${await r.text()}`);
      }
    }
    const step = (who, body) => api(who, 'POST', `/api/v1/records/${rec.id}/transitions`, body);
    if (['draft', 'returned'].includes(rec.status)) rec = await step('editor', { action: 'submit' });
    if (rec.status === 'submitted') rec = await step('reviewer', { action: 'approve' });
    if (rec.status === 'approved') {
      rec = await step('admin', { action: 'publish', publishedOn: spec.publishedOn });
      published += 1;
    }
    if (spec.expireOn && rec.status === 'published' && rec.validity === 'valid') {
      rec = await step('admin', { action: 'expire', on: spec.expireOn, reason: '已被新标准替代' });
    }
  }
  log(`${county.code} ${county.name}: published ${published} demo records`);
  setup.state.records = true;
  setup.save();
}

// ---------------------------------------------------------------------------------------------
// main

const lockFile = join(dataDir, 'start.pid');

function takeLock() {
  mkdirSync(dataDir, { recursive: true });
  if (existsSync(lockFile)) {
    const pid = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
    let running = false;
    try {
      if (pid > 0) {
        process.kill(pid, 0);
        running = true;
      }
    } catch (e) {
      running = e.code === 'EPERM';
    }
    if (running) throw new StartError(`npm start is already running (pid ${pid}); stop it first`);
  }
  writeFileSync(lockFile, `${process.pid}\n`);
}

let shuttingDown;
function shutdown(code) {
  shuttingDown ??= (async () => {
    stopping = true;
    const live = children.filter((c) => !c.exited);
    if (live.length) log('stopping…');
    // Reverse start order: web, then the county nodes together, then the hub.
    const web = children.filter((c) => c.name === 'web');
    const counties = children.filter((c) => c.name.startsWith('county-'));
    const rest = children.filter((c) => !web.includes(c) && !counties.includes(c));
    for (const group of [web, counties, rest.reverse()]) await Promise.all(group.map((c) => stopChild(c)));
    if (servicesStarted.length) {
      await run('services', process.execPath, [join(root, 'scripts', 'services.mjs'), 'stop', ...servicesStarted]).catch((e) =>
        console.error(`${tag('start')} ${e.message}`),
      );
    }
    if (existsSync(lockFile) && readFileSync(lockFile, 'utf8').trim() === String(process.pid)) rmSync(lockFile, { force: true });
    if (live.length) log('stopped');
    process.exit(code);
  })();
  return shuttingDown;
}

let signals = 0;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    signals += 1;
    if (signals > 1) {
      console.error(`${tag('start')} second ${sig}: killing everything now`);
      for (const c of children) {
        try {
          process.kill(-c.child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      process.exit(130);
    }
    void shutdown(0);
  });
}

async function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--reset');
  if (unknown.length) throw new StartError(`unknown argument ${unknown.join(' ')} (usage: npm start [-- --reset])`);
  if (!existsSync(tsx)) throw new StartError('node_modules is missing: run `npm ci` first');
  takeLock();

  const { databaseUrl: serverUrl, natsUrl } = await ensureServices();
  const busy = [];
  for (const port of [HUB_PORT, ...COUNTIES.map((c) => c.port), WEB_PORT]) if (await portInUse(port)) busy.push(port);
  if (busy.length) throw new StartError(`port ${busy.join(', ')} already in use on 127.0.0.1 (another zwgk still running?)`);

  if (args.includes('--reset')) await reset(serverUrl, natsUrl);
  const databaseUrl = await ensureHubDatabase(serverUrl);
  const demo = { ZWGK_DEMO: '1', ZWGK_DEMO_PASSWORD: DEMO_PASSWORD, NATS_URL: natsUrl };
  const hubEnv = { ...demo, DATABASE_URL: databaseUrl, PORT: String(HUB_PORT), ZWGK_PORTAL_URL: WEB_ORIGIN };
  // the hub issues each county its own NATS credential at enrollment
  if (provinceNats?.natsAccountFile) hubEnv.ZWGK_NATS_ACCOUNT_FILE = provinceNats.natsAccountFile;

  // Hub (it migrates its database at start-up).
  log(`starting the hub on ${HUB_URL}`);
  const hub = startChild('hub', tsx, ['apps/hub/src/main.ts'], hubEnv);
  await waitHttp('hub', `${HUB_URL}/api/v1/health`, hub);

  if (!(await login(HUB_URL, 'province', DEMO_PASSWORD))) {
    log('creating the hub demo admin `province`');
    await tsxRun('hub-cli', 'apps/hub/src/cli.ts', ['create-admin', '--username', 'province', '--role', 'province_admin', '--demo'], hubEnv);
  }

  // County nodes: init, enroll and create the demo admin where not yet done (the three
  // counties side by side), then start them together.
  const setups = new Map(
    await Promise.all(
      COUNTIES.map(async (county) => {
        const countyEnv = { ...demo, ZWGK_DATA_DIR: county.dir, PORT: String(county.port) };
        return [county.code, await setUpCounty(county, hubEnv, countyEnv)];
      }),
    ),
  );
  const countyEntries = COUNTIES.map((county) => {
    log(`starting county node ${county.code} ${county.name} on ${county.url}`);
    return startChild(`county-${county.code}`, tsx, ['apps/county-node/src/main.ts'], {
      ...demo,
      ZWGK_DATA_DIR: county.dir,
      PORT: String(county.port),
    });
  });
  await Promise.all(COUNTIES.map((county, i) => waitHttp(`county-${county.code}`, `${county.url}/api/v1/health`, countyEntries[i])));
  for (const county of COUNTIES) await seedCounty(county, setups.get(county.code));
  await Promise.all(COUNTIES.map((county) => seedRecords(county, setups.get(county.code))));

  // Web.
  if (webNeedsBuild()) {
    log('building the web (apps/web/build is missing or older than its sources)');
    await run('web-build', 'npm', ['run', 'build', '-w', '@zwgk/web']);
  }
  log(`starting the web on ${WEB_ORIGIN}`);
  const web = startChild('web', process.execPath, ['apps/web/build/index.js'], {
    PORT: String(WEB_PORT),
    HUB_URL,
    COUNTY_NODES: COUNTIES.map((c) => `${c.code}=${c.url}`).join(','),
    ORIGIN: WEB_ORIGIN,
    // record attachments (up to 20 MB) pass through the county console's upload form
    BODY_SIZE_LIMIT: '21M',
  });
  await waitHttp('web', `http://127.0.0.1:${WEB_PORT}/`, web);

  const lines = [
    '',
    'zwgk is running — province in a box',
    '',
    `  web (portal and consoles)  ${WEB_ORIGIN}`,
    `  hub                        ${HUB_URL}   (API ${HUB_URL}/api/v1, OpenAPI ${HUB_URL}/api/v1/openapi.json)`,
    ...COUNTIES.map((c) => `  county node ${c.code} ${c.name}  ${c.url}   (OpenAPI ${c.url}/api/v1/openapi.json)`),
    `  NATS                       ${natsUrl}`,
    `  Postgres (hub)             ${databaseUrl.replace(/\/\/([^:@/]*):[^@]*@/, '//$1:***@')}`,
    '',
    'Demo accounts (demo mode only):',
    `  hub:          user province  (province_admin)  password ${DEMO_PASSWORD}`,
    `  county nodes: user admin     (county_admin)    password ${DEMO_PASSWORD}   on each of ${COUNTIES.map((c) => c.port).join(', ')}`,
    `                user editor    (county_editor)   user reviewer (county_reviewer), same password`,
    '',
    `Feeds: ${WEB_ORIGIN}/gk/feed.atom (province), ${WEB_ORIGIN}/gk/<county>/feed.atom[?domain=] (also .rss)`,
    '',
    'Data lives in .data/; `npm start -- --reset` starts afresh. Ctrl-C stops everything.',
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch((e) => {
  console.error(`${tag('start')} ${e instanceof StartError ? e.message : e.stack}`);
  void shutdown(1);
});

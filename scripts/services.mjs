#!/usr/bin/env node
/**
 * The services zwgk needs on one machine: NATS with JetStream and PostgreSQL (and, for browser
 * tests, Chromium with a CJK font).
 *
 *   node scripts/services.mjs ensure      make sure NATS and Postgres answer; write .data/services.json
 *   node scripts/services.mjs ensure --operator
 *                                         the same, but NATS for the box: per-county credentials
 *                                         (operator mode), see "Operator mode" below
 *   node scripts/services.mjs chromium    make sure /usr/bin/chromium and a CJK font are installed
 *   node scripts/services.mjs stop [nats] [nats-province] [postgres]
 *                                         stop what this script started (pid files under .data/)
 *
 * `ensure` resolution order
 *   NATS:     NATS_URL (must answer) → 127.0.0.1:4222 if it answers with JetStream → our own
 *             nats-server under .data/nats/ on 127.0.0.1:4222 (Debian's package, installed with
 *             apt-get when missing and running as root).
 *   Postgres: DATABASE_URL (must answer) → postgres://postgres@127.0.0.1:5432/postgres → a private
 *             cluster under .data/pg/ on 127.0.0.1:7432, made with Debian's PostgreSQL binaries
 *             (the `postgresql` package is installed with apt-get when missing and running as root).
 *
 * What was chosen goes to .data/services.json as {databaseUrl, natsUrl, started}; `started` lists
 * what this invocation started itself, so a caller can stop exactly that later.
 *
 * Operator mode (`ensure --operator`, what `npm start` uses): unless NATS_URL is given, NATS is our
 * own nats-server under .data/nats-province/ on 127.0.0.1:4223, trusting only the province's
 * operator: `zwgk-hub nats-init` makes the operator and accounts once (.data/nats-province/province/),
 * the hub issues each county its own credential at enrollment, and a client without one is
 * refused. It is a server apart from the open one on 4222, because the tests connect without
 * credentials. services.json then also gets `province: {natsUrl, natsAccountFile, natsAdminCreds}`
 * (the hub's ZWGK_NATS_ACCOUNT_FILE, and credentials for admin tools); `natsUrl` keeps naming the
 * open server the tests use.
 *
 * Plain Node ESM: node built-ins plus `postgres` from the root node_modules.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, chownSync, constants, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const dataDir = join(repoRoot, '.data');
export const servicesFile = join(dataDir, 'services.json');

const NATS_DEFAULT = { host: '127.0.0.1', port: 4222 };
const NATS_DIR = join(dataDir, 'nats');
const NATS_PID = join(NATS_DIR, 'nats-server.pid');
const NATS_LOG = join(NATS_DIR, 'nats-server.log');
const NATS_STORE = join(NATS_DIR, 'store');
const NATS_BINS = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];

const PROVINCE_NATS = { host: '127.0.0.1', port: 4223 };
const PROVINCE_DIR = join(dataDir, 'nats-province');
const PROVINCE_AUTH = join(PROVINCE_DIR, 'province');
const PROVINCE_CONF = join(PROVINCE_DIR, 'nats.conf');
const PROVINCE_PID = join(PROVINCE_DIR, 'nats-server.pid');
const PROVINCE_LOG = join(PROVINCE_DIR, 'nats-server.log');
const PROVINCE_STORE = join(PROVINCE_DIR, 'store');

const PG_DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const PG_PORT = 7432;
const PG_PRIVATE_URL = `postgres://postgres@127.0.0.1:${PG_PORT}/postgres`;
const PG_DIR = join(dataDir, 'pg');
const PG_DATA = join(PG_DIR, 'data');
const PG_SOCKETS = join(PG_DIR, 'run');
const PG_LOG = join(PG_DIR, 'postgres.log');

const CHROMIUM = '/usr/bin/chromium';
const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export class ServiceError extends Error {}

const say = (msg) => console.log(`services: ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Hides the password of a URL for printing. */
function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

// ---------------------------------------------------------------------------------------------
// apt

/** Installs Debian packages when root; otherwise throws with what to install. */
function aptInstall(packages, why) {
  const list = packages.join(' ');
  if (!isRoot) {
    throw new ServiceError(`${why}. Install it as root: apt-get update && apt-get install -y ${list}`);
  }
  say(`${why}; installing with apt-get: ${list}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Wait for another apt/dpkg run instead of failing on its lock.
  const lock = ['-o', 'DPkg::Lock::Timeout=600'];
  const install = () => spawnSync('apt-get', [...lock, 'install', '-y', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
  let r = install();
  if (r.status !== 0) {
    // Package lists may be missing or stale: refresh once and retry.
    spawnSync('apt-get', [...lock, 'update'], { stdio: 'inherit', env });
    r = install();
  }
  if (r.error?.code === 'ENOENT') throw new ServiceError(`${why}, and apt-get is not available. Install: ${list}`);
  if (r.status !== 0) throw new ServiceError(`apt-get install ${list} failed (exit ${r.status})`);
}

// ---------------------------------------------------------------------------------------------
// process helpers

function readPid(file) {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim().split('\n')[0], 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

async function waitGone(pid, ms) {
  const deadline = Date.now() + ms;
  while (alive(pid) && Date.now() < deadline) await sleep(50);
  return !alive(pid);
}

// ---------------------------------------------------------------------------------------------
// NATS

/** Host and port of the first server in a NATS URL (a comma-separated list is allowed). */
function natsHostPort(url) {
  const first = url.split(',')[0].trim();
  const u = new URL(first.includes('://') ? first : `nats://${first}`);
  return { host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(u.port || 4222) };
}

/**
 * Connects and reads the server's INFO line. Resolves `null` when nothing listens,
 * `{info}` with the parsed INFO (or `info: undefined` when the line could not be read).
 */
export function probeNats({ host, port }, timeoutMs = 1500) {
  return new Promise((res) => {
    let buf = '';
    let connected = false;
    const sock = connect({ host, port });
    const done = (v) => {
      clearTimeout(timer);
      sock.destroy();
      res(v);
    };
    const timer = setTimeout(() => done(connected ? { info: undefined } : null), timeoutMs);
    sock.setEncoding('utf8');
    sock.once('connect', () => {
      connected = true;
    });
    sock.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\r\n');
      if (nl < 0 && buf.length < 64 * 1024) return;
      const line = nl < 0 ? buf : buf.slice(0, nl);
      let info;
      if (line.startsWith('INFO ')) {
        try {
          info = JSON.parse(line.slice(5));
        } catch {
          info = undefined;
        }
      }
      done({ info, raw: line });
    });
    sock.once('error', () => done(connected ? { info: undefined } : null));
    sock.once('close', () => done(connected ? { info: undefined } : null));
  });
}

function natsBinary() {
  return NATS_BINS.find((p) => existsSync(p));
}

async function ensureNats(started) {
  if (process.env.NATS_URL) {
    const url = process.env.NATS_URL;
    const target = natsHostPort(url);
    const probe = await probeNats(target);
    if (!probe) throw new ServiceError(`NATS_URL=${redact(url)} does not answer (nothing listens on ${target.host}:${target.port})`);
    if (probe.info && probe.info.jetstream === false) {
      throw new ServiceError(`NATS_URL=${redact(url)} answers but JetStream is not enabled there (start nats-server with -js)`);
    }
    say(`nats      ${redact(url)} (from NATS_URL${probe.info?.version ? `, nats-server ${probe.info.version}` : ''})`);
    return url;
  }

  const url = `nats://${NATS_DEFAULT.host}:${NATS_DEFAULT.port}`;
  const probe = await probeNats(NATS_DEFAULT);
  if (probe) {
    if (probe.info && probe.info.jetstream === false) {
      throw new ServiceError(
        `a NATS server on ${NATS_DEFAULT.host}:${NATS_DEFAULT.port} answers without JetStream. ` +
          'Restart it with -js, or set NATS_URL to a server with JetStream.',
      );
    }
    if (!probe.info && probe.raw !== undefined) {
      throw new ServiceError(`something on ${NATS_DEFAULT.host}:${NATS_DEFAULT.port} answers, but it is not NATS. Free the port or set NATS_URL.`);
    }
    const ours = alive(readPid(NATS_PID));
    say(`nats      ${url} (${ours ? 'our own nats-server under .data/nats' : 'already running'}${probe.info?.version ? `, nats-server ${probe.info.version}` : ''}, JetStream on)`);
    return url;
  }

  let bin = natsBinary();
  if (!bin) {
    aptInstall(['nats-server'], 'nats-server is not installed');
    bin = natsBinary();
    if (!bin) throw new ServiceError('nats-server is still missing after apt-get install nats-server');
  }
  mkdirSync(NATS_STORE, { recursive: true });
  const child = spawn(
    bin,
    ['-a', NATS_DEFAULT.host, '-p', String(NATS_DEFAULT.port), '-js', '-sd', NATS_STORE, '-l', NATS_LOG, '-P', NATS_PID],
    { detached: true, stdio: 'ignore', cwd: NATS_DIR },
  );
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  child.once('error', () => {
    exited = true;
  });
  child.unref();
  const deadline = Date.now() + 15000;
  for (;;) {
    const p = await probeNats(NATS_DEFAULT, 500);
    if (p?.info) break;
    if (exited || Date.now() > deadline) {
      throw new ServiceError(`nats-server did not come up on ${NATS_DEFAULT.host}:${NATS_DEFAULT.port}; see ${NATS_LOG}`);
    }
    await sleep(50);
  }
  started.push('nats');
  say(`nats      ${url} (started our own nats-server with JetStream, store and log under .data/nats)`);
  return url;
}

/**
 * The box's NATS in operator mode: the province's operator and accounts (made once by the hub
 * CLI, kept across `npm start -- --reset` so the server and its JetStream data stay valid), and
 * our own nats-server that trusts only them.
 */
async function ensureProvinceNats(started) {
  const files = {
    natsAccountFile: join(PROVINCE_AUTH, 'account-issuer.json'),
    natsAdminCreds: join(PROVINCE_AUTH, 'admin.creds'),
  };
  if (!existsSync(join(PROVINCE_AUTH, 'province-nats.json'))) {
    const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
    if (!existsSync(tsx)) throw new ServiceError('node_modules is missing: run `npm ci` first');
    const r = spawnSync(tsx, [join(repoRoot, 'apps', 'hub', 'src', 'cli.ts'), 'nats-init', '--dir', PROVINCE_AUTH], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    if (r.status !== 0) throw new ServiceError(`zwgk-hub nats-init failed:\n${r.stdout ?? ''}${r.stderr ?? ''}`);
    say('nats      created the province NATS operator and accounts in .data/nats-province/province (zwgk-hub nats-init)');
  }
  const url = `nats://${PROVINCE_NATS.host}:${PROVINCE_NATS.port}`;
  const probe = await probeNats(PROVINCE_NATS);
  if (probe) {
    const ours = alive(readPid(PROVINCE_PID));
    if (!ours || probe.info?.auth_required !== true) {
      throw new ServiceError(
        `something else listens on ${PROVINCE_NATS.host}:${PROVINCE_NATS.port}; free the port, or set NATS_URL (and ZWGK_NATS_ACCOUNT_FILE for a server in operator mode)`,
      );
    }
    say(`nats      ${url} (our own nats-server in operator mode under .data/nats-province, per-county credentials)`);
    return { url, ...files };
  }

  let bin = natsBinary();
  if (!bin) {
    aptInstall(['nats-server'], 'nats-server is not installed');
    bin = natsBinary();
    if (!bin) throw new ServiceError('nats-server is still missing after apt-get install nats-server');
  }
  mkdirSync(PROVINCE_STORE, { recursive: true });
  // nats-server 2.9 resolves `include` relative to the including file, even for absolute paths.
  writeFileSync(
    PROVINCE_CONF,
    [
      '# zwgk box: NATS in operator mode (scripts/services.mjs ensure --operator)',
      `listen: ${PROVINCE_NATS.host}:${PROVINCE_NATS.port}`,
      `jetstream { store_dir: ${JSON.stringify(PROVINCE_STORE)} }`,
      `pid_file: ${JSON.stringify(PROVINCE_PID)}`,
      `log_file: ${JSON.stringify(PROVINCE_LOG)}`,
      'include "province/nats-auth.conf"',
      '',
    ].join('\n'),
  );
  const child = spawn(bin, ['-c', PROVINCE_CONF], { detached: true, stdio: 'ignore', cwd: PROVINCE_DIR });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  child.once('error', () => {
    exited = true;
  });
  child.unref();
  const deadline = Date.now() + 15000;
  for (;;) {
    const p = await probeNats(PROVINCE_NATS, 500);
    if (p?.info) break;
    if (exited || Date.now() > deadline) {
      throw new ServiceError(`nats-server (operator mode) did not come up on ${PROVINCE_NATS.host}:${PROVINCE_NATS.port}; see ${PROVINCE_LOG}`);
    }
    await sleep(50);
  }
  started.push('nats-province');
  say(`nats      ${url} (started our own nats-server in operator mode, under .data/nats-province: per-county credentials)`);
  return { url, ...files };
}

// ---------------------------------------------------------------------------------------------
// Postgres

function tcpOpen(host, port, timeoutMs = 1000) {
  return new Promise((res) => {
    const s = connect({ host, port });
    const t = setTimeout(() => {
      s.destroy();
      res(false);
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(t);
      s.destroy();
      res(true);
    });
    s.once('error', () => {
      clearTimeout(t);
      res(false);
    });
  });
}

let postgresLib;
async function sqlClient(url) {
  postgresLib ??= (await import('postgres')).default;
  return postgresLib(url, { max: 1, connect_timeout: 5, idle_timeout: 1, onnotice: () => {} });
}

/** Resolves `{ok: true, version}` or `{ok: false, reason}`. Checks TCP first so a closed port is fast. */
export async function probePostgres(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  const host = u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const port = Number(u.port || 5432);
  if (!u.searchParams.get('host') && !(await tcpOpen(host, port))) {
    return { ok: false, reason: `nothing listens on ${host}:${port}` };
  }
  const sql = await sqlClient(url);
  try {
    const [row] = await sql`show server_version`;
    return { ok: true, version: row.server_version };
  } catch (e) {
    return { ok: false, reason: e.message };
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/** Newest Debian PostgreSQL bin dir, e.g. /usr/lib/postgresql/15/bin. */
function pgBinDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl')) && existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], 'bin') : undefined;
}

/** uid/gid of the `postgres` OS user (Debian's postgresql-common creates it). */
function postgresUser() {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function chownTree(path, uid, gid) {
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory()) for (const e of readdirSync(path)) chownTree(join(path, e), uid, gid);
}

/** Runs a PostgreSQL binary, as the `postgres` OS user when we are root (postgres refuses root). */
function runPg(bin, args, runAs) {
  const r = spawnSync(bin, args, {
    cwd: PG_DIR,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' },
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
  });
  if (r.error) throw new ServiceError(`${bin} could not run: ${r.error.message}`);
  return r;
}

async function ensurePrivatePostgres(started) {
  let bin = pgBinDir();
  if (!bin) {
    aptInstall(['postgresql'], 'no Postgres answers and the PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are missing');
    bin = pgBinDir();
    if (!bin) throw new ServiceError('PostgreSQL binaries are still missing after apt-get install postgresql');
  }
  let runAs;
  if (isRoot) {
    runAs = postgresUser();
    if (!runAs) throw new ServiceError('running as root but there is no `postgres` OS user to run the private cluster as');
  }
  mkdirSync(PG_SOCKETS, { recursive: true });
  if (runAs) {
    if (statSync(PG_DIR).uid !== runAs.uid || statSync(PG_SOCKETS).uid !== runAs.uid) chownTree(PG_DIR, runAs.uid, runAs.gid);
    // The postgres user must be able to reach .data/pg through every parent directory.
    const probe = spawnSync('test', ['-w', PG_DIR], { uid: runAs.uid, gid: runAs.gid });
    if (probe.status !== 0) {
      throw new ServiceError(
        `the postgres OS user cannot reach ${PG_DIR} (a parent directory is not traversable). ` +
          'Move the checkout, or set DATABASE_URL to a running Postgres.',
      );
    }
  }

  if (!existsSync(join(PG_DATA, 'PG_VERSION'))) {
    rmSync(PG_DATA, { recursive: true, force: true });
    say(`postgres  creating a private cluster in .data/pg with ${bin}/initdb`);
    const r = runPg(
      join(bin, 'initdb'),
      ['-D', PG_DATA, '--username=postgres', '--auth=trust', '--locale=C.UTF-8', '--encoding=UTF8'],
      runAs,
    );
    if (r.status !== 0) throw new ServiceError(`initdb failed:\n${r.stdout}${r.stderr}`);
    // Our settings go last in postgresql.conf, so they win over the defaults above them.
    const conf = join(PG_DATA, 'postgresql.conf');
    const extra = [
      '',
      '# zwgk private cluster (scripts/services.mjs)',
      `port = ${PG_PORT}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${PG_SOCKETS.replace(/'/g, "''")}'`,
      'max_connections = 200',
      "timezone = 'Asia/Shanghai'",
      '',
    ].join('\n');
    writeFileSync(conf, readFileSync(conf, 'utf8') + extra);
    if (runAs) chownSync(conf, runAs.uid, runAs.gid);
  }

  const r = runPg(join(bin, 'pg_ctl'), ['-D', PG_DATA, '-l', PG_LOG, '-w', '-t', '60', 'start'], runAs);
  if (r.status !== 0) {
    // A stale postmaster.pid after a crash is handled by postgres itself; anything else is real.
    throw new ServiceError(`pg_ctl start failed (exit ${r.status}):\n${r.stdout}${r.stderr}\nsee ${PG_LOG}`);
  }
  const check = await probePostgres(PG_PRIVATE_URL);
  if (!check.ok) throw new ServiceError(`the private cluster started but does not answer: ${check.reason}; see ${PG_LOG}`);
  started.push('postgres');
  say(`postgres  ${PG_PRIVATE_URL} (started our private cluster under .data/pg, PostgreSQL ${check.version})`);
  return PG_PRIVATE_URL;
}

async function ensurePostgres(started) {
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL;
    const p = await probePostgres(url);
    if (!p.ok) throw new ServiceError(`DATABASE_URL=${redact(url)} does not answer: ${p.reason}`);
    say(`postgres  ${redact(url)} (from DATABASE_URL, PostgreSQL ${p.version})`);
    return url;
  }
  const local = await probePostgres(PG_DEFAULT_URL);
  if (local.ok) {
    say(`postgres  ${PG_DEFAULT_URL} (already running, PostgreSQL ${local.version})`);
    return PG_DEFAULT_URL;
  }
  if (existsSync(join(PG_DATA, 'PG_VERSION'))) {
    const mine = await probePostgres(PG_PRIVATE_URL);
    if (mine.ok) {
      say(`postgres  ${PG_PRIVATE_URL} (our private cluster under .data/pg, PostgreSQL ${mine.version})`);
      return PG_PRIVATE_URL;
    }
  }
  return ensurePrivatePostgres(started);
}

// ---------------------------------------------------------------------------------------------
// commands

export async function ensure({ operator = false } = {}) {
  const started = [];
  if (operator && !process.env.NATS_URL) {
    const [province, databaseUrl] = await Promise.all([ensureProvinceNats(started), ensurePostgres(started)]);
    // `natsUrl` stays what the tests last used: they connect without credentials.
    let previous = {};
    try {
      previous = JSON.parse(readFileSync(servicesFile, 'utf8'));
    } catch {
      /* none yet */
    }
    const { url, ...files } = province;
    const out = { databaseUrl, ...(previous.natsUrl ? { natsUrl: previous.natsUrl } : {}), province: { natsUrl: url, ...files }, started };
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(servicesFile, `${JSON.stringify(out, null, 2)}\n`);
    return out;
  }
  // Independent: probe both at once so the common case (both up) stays fast.
  const [natsUrl, databaseUrl] = await Promise.all([ensureNats(started), ensurePostgres(started)]);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(servicesFile, `${JSON.stringify({ databaseUrl, natsUrl, started }, null, 2)}\n`);
  return { databaseUrl, natsUrl, started };
}

export function chromium() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (!existsSync(CJK_FONT)) missing.push('fonts-wqy-zenhei');
  if (missing.length) aptInstall(missing, `${missing.join(' and ')} not installed`);
  if (!existsSync(CHROMIUM)) throw new ServiceError(`${CHROMIUM} is still missing after apt-get install chromium`);
  try {
    accessSync(CHROMIUM, constants.X_OK);
  } catch {
    throw new ServiceError(`${CHROMIUM} is not executable`);
  }
  say(`chromium  ${CHROMIUM} with CJK font ${CJK_FONT}`);
}

async function stopNats(pidFile = NATS_PID, what = 'our nats-server') {
  const pid = readPid(pidFile);
  if (!alive(pid)) {
    rmSync(pidFile, { force: true });
    return false;
  }
  process.kill(pid, 'SIGTERM');
  if (!(await waitGone(pid, 10000))) process.kill(pid, 'SIGKILL');
  rmSync(pidFile, { force: true });
  say(`nats      stopped ${what} (pid ${pid})`);
  return true;
}

async function stopPostgres() {
  const pid = readPid(join(PG_DATA, 'postmaster.pid'));
  if (!alive(pid)) return false;
  const bin = pgBinDir();
  if (bin) {
    const r = runPg(join(bin, 'pg_ctl'), ['-D', PG_DATA, '-m', 'fast', '-w', 'stop'], isRoot ? postgresUser() : undefined);
    if (r.status === 0) {
      say(`postgres  stopped our private cluster (pid ${pid})`);
      return true;
    }
  }
  process.kill(pid, 'SIGINT'); // postgres: SIGINT = fast shutdown
  await waitGone(pid, 15000);
  say(`postgres  stopped our private cluster (pid ${pid})`);
  return true;
}

export async function stop(which = ['nats', 'nats-province', 'postgres']) {
  const results = [];
  if (which.includes('nats')) results.push(await stopNats());
  if (which.includes('nats-province')) results.push(await stopNats(PROVINCE_PID, 'our operator-mode nats-server'));
  if (which.includes('postgres')) results.push(await stopPostgres());
  if (!results.some(Boolean)) say('nothing of ours was running');
}

async function main() {
  const [cmd = 'ensure', ...rest] = process.argv.slice(2);
  try {
    if (cmd === 'ensure') {
      const bad = rest.filter((s) => s !== '--operator');
      if (bad.length) throw new ServiceError(`unknown option: ${bad.join(' ')} (known: --operator)`);
      await ensure({ operator: rest.includes('--operator') });
    }
    else if (cmd === 'chromium') chromium();
    else if (cmd === 'stop') {
      const bad = rest.filter((s) => s !== 'nats' && s !== 'nats-province' && s !== 'postgres');
      if (bad.length) throw new ServiceError(`unknown service: ${bad.join(' ')} (known: nats, nats-province, postgres)`);
      await stop(rest.length ? rest : undefined);
    } else {
      console.error('usage: node scripts/services.mjs ensure [--operator] | chromium | stop [nats] [nats-province] [postgres]');
      process.exit(2);
    }
  } catch (e) {
    if (e instanceof ServiceError) {
      console.error(`services: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();

/**
 * The web's configuration, parsed from a plain record of environment variables. `env.ts` feeds
 * it the real environment; tests feed it whatever they like.
 */
export interface SiteSettings {
  /** 网站名称, shown in the masthead and the title */
  name: string;
  /** 主办单位 */
  sponsor: string;
  /** 承办单位 (optional) */
  operator: string;
  /** 网站标识码 */
  siteCode: string;
  /** ICP 备案号 */
  icp: string;
  /** 公安机关备案号 (optional) */
  publicSecurityRecord: string;
  /** 联系方式 shown in the footer */
  contactPhone: string;
  contactEmail: string;
  address: string;
}

export interface WebConfig {
  hubUrl: string;
  /** the hub's address as county nodes reach it (shown in enrollment instructions); HUB_URL if unset */
  hubPublicUrl: string;
  /** county code → county node base URL, in the order configured */
  countyNodes: Map<string, string>;
  site: SiteSettings;
}

export const DEFAULT_HUB_URL = 'http://127.0.0.1:7100';
export const DEFAULT_COUNTY_NODES = '130102=http://127.0.0.1:7101,130181=http://127.0.0.1:7102,130682=http://127.0.0.1:7103';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const trimSlash = (u: string) => u.replace(/\/+$/, '');

function parseUrl(name: string, value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a URL: ${value}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(`${name} must be http(s): ${value}`);
  return trimSlash(u.toString());
}

/** `130102=http://host:7101,130181=http://host:7102` → Map; a 6-digit code per entry. */
export function parseCountyNodes(value: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of value.split(/[,\s]+/)) {
    const entry = raw.trim();
    if (!entry) continue;
    const eq = entry.indexOf('=');
    if (eq < 0) throw new ConfigError(`COUNTY_NODES entry must be code=url: ${entry}`);
    const code = entry.slice(0, eq).trim();
    const url = entry.slice(eq + 1).trim();
    if (!/^\d{6}$/.test(code)) throw new ConfigError(`COUNTY_NODES code must be 6 digits: ${code}`);
    if (out.has(code)) throw new ConfigError(`COUNTY_NODES lists ${code} twice`);
    out.set(code, parseUrl(`COUNTY_NODES[${code}]`, url));
  }
  return out;
}

export function parseConfig(env: Record<string, string | undefined>): WebConfig {
  const get = (k: string, d: string) => {
    const v = env[k]?.trim();
    return v ? v : d;
  };
  const hubUrl = parseUrl('HUB_URL', get('HUB_URL', DEFAULT_HUB_URL));
  return {
    hubUrl,
    hubPublicUrl: parseUrl('HUB_PUBLIC_URL', get('HUB_PUBLIC_URL', hubUrl)),
    countyNodes: parseCountyNodes(get('COUNTY_NODES', DEFAULT_COUNTY_NODES)),
    site: {
      name: get('ZWGK_SITE_NAME', '河北省基层政务公开平台'),
      sponsor: get('ZWGK_SITE_SPONSOR', '河北省人民政府办公厅'),
      operator: get('ZWGK_SITE_OPERATOR', '河北省政务公开办公室'),
      siteCode: get('ZWGK_SITE_CODE', '1300000000'),
      icp: get('ZWGK_ICP', '冀ICP备00000000号'),
      publicSecurityRecord: get('ZWGK_PUBLIC_SECURITY_RECORD', ''),
      contactPhone: get('ZWGK_CONTACT_PHONE', '0311-12345'),
      contactEmail: get('ZWGK_CONTACT_EMAIL', ''),
      address: get('ZWGK_CONTACT_ADDRESS', '河北省石家庄市'),
    },
  };
}

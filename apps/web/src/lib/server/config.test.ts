import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, parseCountyNodes } from './config';

describe('parseConfig', () => {
  it('has working defaults', () => {
    const c = parseConfig({});
    expect(c.hubUrl).toBe('http://127.0.0.1:7100');
    expect(c.hubPublicUrl).toBe(c.hubUrl);
    expect([...c.countyNodes.keys()]).toEqual(['130102', '130181', '130682']);
    expect(c.countyNodes.get('130181')).toBe('http://127.0.0.1:7102');
    expect(c.site.name).toBe('河北省基层政务公开平台');
    expect(c.site.siteCode).toBeTruthy();
  });
  it('reads the footer settings and trims trailing slashes', () => {
    const c = parseConfig({
      HUB_URL: 'https://hub.example.cn/',
      ZWGK_SITE_NAME: '长安区政务公开',
      ZWGK_SITE_SPONSOR: '石家庄市长安区人民政府办公室',
      ZWGK_SITE_CODE: '1301020001',
      ZWGK_ICP: '冀ICP备12345678号',
    });
    expect(c.hubUrl).toBe('https://hub.example.cn');
    expect(c.site).toMatchObject({ name: '长安区政务公开', sponsor: '石家庄市长安区人民政府办公室', siteCode: '1301020001', icp: '冀ICP备12345678号' });
  });
  it('rejects malformed county node lists and URLs', () => {
    expect(() => parseCountyNodes('130102')).toThrow(ConfigError);
    expect(() => parseCountyNodes('1301=http://x')).toThrow(/6 digits/);
    expect(() => parseCountyNodes('130102=http://a,130102=http://b')).toThrow(/twice/);
    expect(() => parseCountyNodes('130102=ftp://x')).toThrow(/http/);
    expect(() => parseConfig({ HUB_URL: 'not a url' })).toThrow(/HUB_URL/);
    expect(parseCountyNodes(' 130102=http://a:1 , ').size).toBe(1);
  });
});

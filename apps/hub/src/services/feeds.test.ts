import { describe, expect, it } from 'vitest';
import { type FeedRecord, feedLinks, feedSummary, feedText, feedTitle, plainExcerpt, renderRecordFeed } from './feeds.js';

const record = (over: Partial<FeedRecord> = {}): FeedRecord => ({
  id: 'r-1',
  countyCode: '130102',
  title: '长安区临时救助实施办法',
  body: '<p>第一条 为规范临时救助工作，制定本办法。</p><p>第二条 救助标准&amp;程序。</p>',
  issuingBody: '长安区民政局',
  docNo: '长民〔2025〕8号',
  indexNo: '130102-2025-000001',
  publishedOn: '2025-04-30',
  domain: 'social-assistance',
  validity: 'valid',
  expiredOn: null,
  repealedOn: null,
  label: '此件公开发布',
  kind: 'document',
  updatedAt: new Date('2025-04-30T02:00:00Z'),
  ...over,
});

describe('feed text', () => {
  it('escapes markup so that readers show it as text, and drops what XML cannot carry', () => {
    expect(feedText('办法<script>alert(1)</script> & "引号"')).toBe('办法&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引号&quot;');
    expect(feedText('a\u0000b\u0007c\td')).toBe('abc\td');
    // a CDATA terminator cannot survive escaping
    expect(feedText(']]>')).not.toContain(']]>');
  });

  it('takes the text of a sanitised body, entities decoded, cut with an ellipsis', () => {
    expect(plainExcerpt('<p>第一条&nbsp;规定</p><p>第二条 &lt;b&gt; &#x6551;&#21161;</p>')).toBe('第一条 规定 第二条 <b> 救助');
    expect(plainExcerpt('<p>一二三四五六</p>', 4)).toBe('一二三四…');
    expect(plainExcerpt('&#0; &#99999999; &bogus;')).toBe('&#0; &#99999999; &bogus;');
  });

  it('summarises the metadata and says when a record is no longer in force', () => {
    expect(feedSummary(record())).toBe(
      '索引号：130102-2025-000001；发布机构：长安区民政局；文号：长民〔2025〕8号；发布日期：2025-04-30。第一条 为规范临时救助工作，制定本办法。 第二条 救助标准&程序。',
    );
    expect(feedSummary(record({ validity: 'repealed', repealedOn: '2025-06-01', docNo: null, body: '' }))).toBe(
      '索引号：130102-2025-000001；发布机构：长安区民政局；发布日期：2025-04-30；本文件已于2025-06-01废止。',
    );
  });

  it('links to the portal: the county column, the proxied feed, the record page', () => {
    const l = feedLinks('https://gk.example.cn', { countyCode: '130102', domain: 'social-assistance' }, 'atom');
    expect(l).toMatchObject({
      html: 'https://gk.example.cn/gk/130102?domain=social-assistance',
      self: 'https://gk.example.cn/gk/130102/feed.atom?domain=social-assistance',
    });
    expect(l.record('a b')).toBe('https://gk.example.cn/records/a%20b');
    expect(feedLinks('https://gk.example.cn', {}, 'rss')).toMatchObject({ html: 'https://gk.example.cn/search', self: 'https://gk.example.cn/gk/feed.rss' });
    expect(feedTitle({ countyCode: '130102', domain: 'social-assistance' })).toBe('长安区政府信息公开专栏 · 社会救助 · 最新政府信息');
    expect(feedTitle({})).toBe('河北省政府信息公开 · 最新政府信息');
  });
});

describe('renderRecordFeed', () => {
  const records = [record(), record({ id: 'r-2', title: '旧办法<i>', validity: 'expired', expiredOn: '2025-05-01', updatedAt: new Date('2025-05-01T00:00:00Z') })];

  it('writes Atom with escaped titles, the validity in the title, and the newest change as updated', () => {
    const xml = renderRecordFeed({ format: 'atom', portalUrl: 'http://localhost:7000', scope: { countyCode: '130102' }, records });
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(xml).toContain('<updated>2025-05-01T00:00:00.000Z</updated>');
    expect(xml).toContain('<link rel="self" href="http://localhost:7000/gk/130102/feed.atom"/>');
    expect(xml).toContain('<link href="http://localhost:7000/records/r-1"/>');
    expect(xml).toContain('【已失效】旧办法&lt;i&gt;');
    expect(xml).not.toContain('<i>');
    expect(xml).toContain('<published>2025-04-29T16:00:00.000Z</published>');
    expect(xml).toContain('term="social-assistance"');
  });

  it('writes RSS 2.0, and the same records give the same bytes', () => {
    const a = renderRecordFeed({ format: 'rss', portalUrl: 'http://p', scope: {}, records });
    expect(a).toContain('<rss version="2.0"');
    expect(a).toContain('<guid isPermaLink="false">http://p/records/r-2</guid>');
    expect(renderRecordFeed({ format: 'rss', portalUrl: 'http://p', scope: {}, records })).toBe(a);
  });
});

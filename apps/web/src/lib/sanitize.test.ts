import { describe, expect, it } from 'vitest';
import { markOnly, safeHref, sanitizeRecordHtml } from './sanitize';

const clean = (s: string) => sanitizeRecordHtml(s).html;

describe('sanitizeRecordHtml', () => {
  it('keeps the allowed structure as it is', () => {
    const html = '<h2>一、总则</h2><p>第一条 <strong>重点</strong>和<em>强调</em><br>换行</p><ul><li>甲</li></ul><ol><li>乙</li></ol>'
      + '<table><thead><tr><th colspan="2">表头</th></tr></thead><tbody><tr><td rowspan="1">1</td><td>2</td></tr></tbody></table>';
    const r = sanitizeRecordHtml(html);
    expect(r.html).toBe(html);
    expect(r.changed).toBe(false);
  });
  it('removes script elements with their content', () => {
    const r = sanitizeRecordHtml('<p>前</p><script>alert(1)</script><p>后</p><SCRIPT src="x.js"></SCRIPT>');
    expect(r.html).toBe('<p>前</p><p>后</p>');
    expect(r.changed).toBe(true);
  });
  it('removes event handlers and disallowed tags but keeps their text', () => {
    expect(clean('<img src=x onerror="alert(1)"><p onclick="alert(2)">文字</p>')).toBe('<p>文字</p>');
    expect(clean('<div><span style="color:red">保留文字</span></div>')).toBe('保留文字');
    expect(clean('<svg onload=alert(1)><circle/></svg>正文')).toBe('正文');
    expect(clean('<iframe src="https://evil"></iframe><style>p{}</style>x')).toBe('x');
  });
  it('keeps only http(s) links and drops javascript: in any disguise', () => {
    expect(clean('<a href="https://www.gov.cn/">国务院</a>')).toBe('<a href="https://www.gov.cn/" rel="noopener noreferrer">国务院</a>');
    expect(clean('<a href="javascript:alert(1)">x</a>')).toBe('<a>x</a>');
    expect(clean('<a href="jav&#x09;ascript:alert(1)">x</a>')).toBe('<a>x</a>');
    expect(clean('<a href=" JaVaScRiPt:alert(1)">x</a>')).toBe('<a>x</a>');
    expect(clean('<a href="data:text/html,<script>alert(1)</script>">x</a>')).toBe('<a>x</a>');
    expect(clean('<a href="//evil.example/">x</a>')).toBe('<a>x</a>');
    expect(safeHref('http://a.b/c?d=1&amp;e=2')).toBe('http://a.b/c?d=1&e=2');
  });
  it('escapes text, keeps entities literal and drops comments', () => {
    expect(clean('<p>a &lt;script&gt; b & c</p>')).toBe('<p>a &lt;script&gt; b &amp; c</p>');
    expect(clean('<p>1 < 2 > 0</p><!-- <script>alert(1)</script> -->')).toBe('<p>1 &lt; 2 &gt; 0</p>');
    expect(clean('<p title="x><script>alert(1)</script>">t</p>')).toBe('<p>t</p>');
  });
  it('balances tags so nothing leaks out of the container', () => {
    expect(clean('<ul><li>a')).toBe('<ul><li>a</li></ul>');
    expect(clean('</div></p><p>x</p></table>')).toBe('<p>x</p>');
    expect(clean('<p><strong>a</p>b')).toBe('<p><strong>a</strong></p>b');
  });
  it('drops an unterminated script to the end', () => {
    expect(clean('<p>ok</p><script>alert(1)')).toBe('<p>ok</p>');
  });
});

describe('markOnly', () => {
  it('keeps <mark> and escapes every other tag', () => {
    expect(markOnly('&lt;script&gt;<mark>救助</mark>')).toBe('&lt;script&gt;<mark>救助</mark>');
    expect(markOnly('<script>alert(1)</script><mark onclick=x>a</mark>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;&lt;mark onclick=x&gt;a</mark>');
  });
});

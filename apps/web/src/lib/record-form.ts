/**
 * The county console's record form: plain fields in, the county node's record input out. The body
 * is a plain textarea; each non-empty line becomes a paragraph (escaped), so an editor never
 * writes HTML. Editing an existing record turns its body back into lines.
 */

export interface RecordFormValues {
  title: string;
  body: string;
  issuingBody: string;
  docNo: string;
  writtenOn: string;
  domain: string;
  catalogItemId: string;
  attribute: string;
  withheldGround: string;
  /** one per line, or separated by 、 ， , ； */
  targetGroups: string;
  /** 文件类别: rule | normativeDocument | other, or '' (not said) */
  docCategory: string;
}

export const emptyRecordForm = (): RecordFormValues => ({
  title: '',
  body: '',
  issuingBody: '',
  docNo: '',
  writtenOn: '',
  domain: '',
  catalogItemId: '',
  attribute: 'proactive',
  withheldGround: '',
  targetGroups: '',
  docCategory: '',
});

const str = (fd: FormData, k: string) => {
  const v = fd.get(k);
  return typeof v === 'string' ? v : '';
};

export function readRecordForm(fd: FormData): RecordFormValues {
  return {
    title: str(fd, 'title').trim(),
    body: str(fd, 'body').replace(/\r\n?/g, '\n'),
    issuingBody: str(fd, 'issuingBody').trim(),
    docNo: str(fd, 'docNo').trim(),
    writtenOn: str(fd, 'writtenOn').trim(),
    domain: str(fd, 'domain').trim(),
    catalogItemId: str(fd, 'catalogItemId').trim(),
    attribute: str(fd, 'attribute').trim(),
    withheldGround: str(fd, 'withheldGround').trim(),
    targetGroups: str(fd, 'targetGroups'),
    docCategory: str(fd, 'docCategory').trim(),
  };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Each non-empty line a paragraph, its text escaped: `a\n\nb` → `<p>a</p><p>b</p>`. */
export function textToParagraphs(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join('');
}

export function splitGroups(s: string): string[] {
  return [...new Set(s.split(/[\n,，、;；]+/).map((g) => g.trim()).filter(Boolean))];
}

/** The record input the county node validates (it answers field errors by these names). */
export function toRecordInput(v: RecordFormValues) {
  return {
    title: v.title,
    body: textToParagraphs(v.body),
    issuingBody: v.issuingBody,
    docNo: v.docNo || null,
    writtenOn: v.writtenOn,
    domain: v.domain,
    catalogItemId: v.catalogItemId || null,
    attribute: v.attribute,
    withheldGround: v.attribute === 'withheld' ? v.withheldGround || null : null,
    targetGroups: splitGroups(v.targetGroups),
    docCategory: v.docCategory || null,
  };
}

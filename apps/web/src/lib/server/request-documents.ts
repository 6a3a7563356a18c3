/**
 * The standard reply texts (标准文本) of a request in the county console: the kinds, the edit
 * form (one paragraph per line, as a clerk types in a word processor) and the Word file fetched
 * from the county node with the console's token, so the token never reaches the browser.
 */
import { error } from '@sveltejs/kit';
import { REPLY_DOCUMENT_KIND_NAMES, type ReplyDocumentKind, isReplyDocumentKind } from '@zwgk/core';
import { countyNodeUrl } from './trpc';

/** The document's fields as the form names them; `body` holds the paragraphs. */
export interface DocumentFormValues {
  title: string;
  docNo: string;
  addressee: string;
  body: string;
  date: string;
  issuer: string;
}

export interface DocumentContent {
  title: string;
  docNo: string;
  addressee: string;
  paragraphs: string[];
  date: string;
  issuer: string;
}

/** The county node's field names, as a clerk reads them. */
export const DOCUMENT_FIELD_LABELS: Record<string, string> = {
  title: '标题',
  docNo: '文号',
  addressee: '称谓（主送）',
  paragraphs: '正文',
  date: '成文日期',
  issuer: '落款机关',
};

/** A blank line between paragraphs reads better in a textarea; blank lines are dropped again on save. */
export const paragraphsToText = (paragraphs: readonly string[]): string => paragraphs.join('\n\n');

/**
 * One paragraph per line. Leading and trailing spaces (also the full-width spaces a clerk may type
 * for the first-line indent) go: the indent is the layout's, in print and in Word.
 */
export const textToParagraphs = (text: string): string[] =>
  text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter(Boolean);

export const documentToForm = (d: DocumentContent): DocumentFormValues => ({
  title: d.title,
  docNo: d.docNo,
  addressee: d.addressee,
  body: paragraphsToText(d.paragraphs),
  date: d.date,
  issuer: d.issuer,
});

const str = (fd: FormData, name: string): string => {
  const v = fd.get(name);
  return typeof v === 'string' ? v : '';
};

/** The posted form: what to show again on an error, and the draft the county node takes. */
export function readDocumentForm(fd: FormData): { values: DocumentFormValues; draft: DocumentContent; version: number | undefined } {
  const values: DocumentFormValues = {
    title: str(fd, 'title'),
    docNo: str(fd, 'docNo'),
    addressee: str(fd, 'addressee'),
    body: str(fd, 'body'),
    date: str(fd, 'date'),
    issuer: str(fd, 'issuer'),
  };
  const v = Number(str(fd, 'version'));
  return {
    values,
    draft: {
      title: values.title.trim(),
      docNo: values.docNo.trim(),
      addressee: values.addressee.trim(),
      paragraphs: textToParagraphs(values.body),
      date: values.date.trim(),
      issuer: values.issuer.trim(),
    },
    version: Number.isInteger(v) && v >= 0 && str(fd, 'version') !== '' ? v : undefined,
  };
}

/** The county node's field errors keyed by the form's names (`paragraphs.3` → `body`). */
export function documentFieldErrors(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[k === 'paragraphs' ? 'body' : k] = v;
  return out;
}

/** The kind from the URL, or a 404 page naming it. */
export function requireDocumentKind(kind: string): ReplyDocumentKind {
  if (!isReplyDocumentKind(kind)) error(404, { message: `没有这种文书：${kind}`, code: 'not_found' });
  return kind;
}

export const documentKindName = (kind: ReplyDocumentKind): string => REPLY_DOCUMENT_KIND_NAMES[kind];

/**
 * A file from the county node (the .docx of a document), passed through with its type and file
 * name. An expired login answers 401 so the browser does not save an error page as a .docx.
 */
export async function countyFile(code: string, token: string, path: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`${countyNodeUrl(code)}${path}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(60_000),
    });
  } catch {
    error(503, { message: '无法连接县级节点，请稍后再试', code: 'unavailable' });
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string; code?: string } } | null;
    const status = [401, 403, 404, 409].includes(res.status) ? res.status : 503;
    error(status, { message: body?.error?.message ?? '下载失败', code: body?.error?.code ?? 'unavailable' });
  }
  const headers = new Headers({ 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' });
  for (const h of ['content-type', 'content-disposition', 'content-length']) {
    const v = res.headers.get(h);
    if (v) headers.set(h, v);
  }
  return new Response(res.body, { status: 200, headers });
}

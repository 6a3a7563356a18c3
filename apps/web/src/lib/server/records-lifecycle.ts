/**
 * What the county console's pages for the later life of records share on the server: attachments
 * go to and come from the county node's REST routes (multipart and binary do not fit tRPC), and
 * the extra fields of the record form (interpretation link, 需要解读, 有效期至).
 */
import { type Cookies, error } from '@sveltejs/kit';
import { INTERPRETATION_FORMS, INTERPRETATION_FORM_NAMES, MAX_ATTACHMENT_BYTES } from '@zwgk/core';
import { clearTokenCookie, countyCookie, countyPath } from './session';
import { countyNodeUrl } from './trpc';

/** What the file input offers; the county node decides by the bytes, whatever this says. */
export const ATTACHMENT_ACCEPT =
  '.pdf,.docx,.xlsx,.png,.jpg,.jpeg,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,image/png,image/jpeg';
export const ATTACHMENT_LIMIT_TEXT = `${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`;

export const INTERPRETATION_FORM_CHOICES = INTERPRETATION_FORMS.map((code) => ({ code, name: INTERPRETATION_FORM_NAMES[code] }));

export interface UploadOutcome {
  ok: boolean;
  status: number;
  message: string;
  name: string;
}

/**
 * Hands one uploaded file to `POST /api/v1/records/{id}/attachments` with the console's token.
 * A 401 drops the cookie so the next page asks for a login again.
 */
export async function forwardAttachment(
  ctx: { code: string; token: string; cookies: Cookies; url: URL },
  recordId: string,
  file: File,
): Promise<UploadOutcome> {
  const name = file.name;
  if (file.size === 0) return { ok: false, status: 400, message: '请选择要上传的文件（文件不能为空）', name };
  if (file.size > MAX_ATTACHMENT_BYTES) return { ok: false, status: 413, message: `附件不能超过 ${ATTACHMENT_LIMIT_TEXT}`, name };
  const body = new FormData();
  body.set('file', file, name);
  let res: Response;
  try {
    res = await fetch(`${countyNodeUrl(ctx.code)}/api/v1/records/${encodeURIComponent(recordId)}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.token}` },
      body,
      signal: AbortSignal.timeout(120_000),
    });
  } catch {
    return { ok: false, status: 503, message: '无法连接县级节点，请稍后再试', name };
  }
  if (res.status === 401) clearTokenCookie(ctx.cookies, ctx.url, countyCookie(ctx.code), countyPath(ctx.code));
  if (res.ok) return { ok: true, status: res.status, message: '', name };
  const json = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  return { ok: false, status: res.status >= 400 && res.status < 600 ? res.status : 503, message: json?.error?.message ?? '上传失败', name };
}

/** A stored attachment, fetched with the console's token and passed on with the node's headers. */
export async function proxyAttachment(ctx: { code: string; token: string }, recordId: string, attachmentId: string, ifNoneMatch: string | null): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(
      `${countyNodeUrl(ctx.code)}/api/v1/records/${encodeURIComponent(recordId)}/attachments/${encodeURIComponent(attachmentId)}`,
      { headers: { authorization: `Bearer ${ctx.token}`, ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}) }, signal: AbortSignal.timeout(60_000) },
    );
  } catch {
    error(503, { message: '无法连接县级节点，请稍后再试', code: 'unavailable' });
  }
  if (!res.ok && res.status !== 304) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string; code?: string } } | null;
    const status = [401, 403, 404].includes(res.status) ? res.status : 503;
    error(status, { message: body?.error?.message ?? '无法下载附件', code: body?.error?.code ?? 'unavailable' });
  }
  // unpublished files: never kept by a shared cache, never sniffed into something else
  const headers = new Headers({ 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' });
  for (const h of ['content-type', 'content-disposition', 'content-length', 'etag']) {
    const v = res.headers.get(h);
    if (v) headers.set(h, v);
  }
  return new Response(res.status === 304 ? null : res.body, { status: res.status, headers });
}

/** "1.2 MB" / "35 KB" for a byte count. */
export function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

const str = (fd: FormData, k: string) => {
  const v = fd.get(k);
  return typeof v === 'string' ? v.trim() : '';
};

/** The fields of the record form beyond the basic ones: a document's 需要解读 and 有效期至, or an interpretation's link and form. */
export interface RecordExtras {
  kind: 'document' | 'interpretation';
  interpretsRecordId: string;
  interpretationForm: string;
  needsInterpretation: boolean;
  validUntil: string;
}

export const emptyExtras = (): RecordExtras => ({ kind: 'document', interpretsRecordId: '', interpretationForm: 'text', needsInterpretation: false, validUntil: '' });

export function readRecordExtras(fd: FormData): RecordExtras {
  const kind = str(fd, 'kind') === 'interpretation' ? 'interpretation' : 'document';
  return {
    kind,
    interpretsRecordId: kind === 'interpretation' ? str(fd, 'interpretsRecordId') : '',
    interpretationForm: kind === 'interpretation' ? str(fd, 'interpretationForm') : '',
    needsInterpretation: kind === 'document' && fd.get('needsInterpretation') === 'on',
    validUntil: str(fd, 'validUntil'),
  };
}

/** The extras as the county node's record input (it validates them; empty means none). */
export function extrasToInput(x: RecordExtras): Record<string, unknown> {
  return x.kind === 'interpretation'
    ? { kind: 'interpretation', interpretsRecordId: x.interpretsRecordId || null, interpretationForm: x.interpretationForm || null, needsInterpretation: false, validUntil: x.validUntil || null }
    : { kind: 'document', needsInterpretation: x.needsInterpretation, validUntil: x.validUntil || null };
}

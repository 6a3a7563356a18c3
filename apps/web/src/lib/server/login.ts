import { fail } from '@sveltejs/kit';
import { toUiError } from './backend-error';

export interface LoginFailure {
  username: string;
  message: string;
  fields: Record<string, string>;
}

export function readLogin(form: FormData): { username: string; password: string; next: string | null } {
  const s = (k: string) => {
    const v = form.get(k);
    return typeof v === 'string' ? v : '';
  };
  return { username: s('username').trim(), password: s('password'), next: s('next') || null };
}

/** Empty fields are answered here, without asking the backend. */
export function missingCredentials(username: string, password: string) {
  if (username && password) return null;
  const fields: Record<string, string> = {};
  if (!username) fields.username = '请输入用户名';
  if (!password) fields.password = '请输入密码';
  return fail(400, { username, message: '请输入用户名和密码', fields } satisfies LoginFailure);
}

export function loginFailed(e: unknown, username: string, backendName: string) {
  const ui = toUiError(e, backendName);
  const status = ui.code === 'unauthorized' ? 401 : ui.code === 'forbidden' ? 403 : ui.code === 'unavailable' ? 503 : 400;
  const message = ui.code === 'unauthorized' ? '用户名或密码不正确' : ui.message;
  return fail(status, { username, message, fields: ui.fields } satisfies LoginFailure);
}

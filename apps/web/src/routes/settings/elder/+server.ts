/**
 * The 适老化 switch: a plain form POST (works without JavaScript) that flips a cookie the server
 * reads on every request, then returns to the page it came from.
 */
import { redirect } from '@sveltejs/kit';
import { ELDER_COOKIE, safeNext } from '$lib/server/session';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, cookies, url }) => {
  const form = await request.formData();
  const on = form.get('elder') === '1';
  if (on) {
    cookies.set(ELDER_COOKIE, '1', {
      path: '/',
      httpOnly: false,
      sameSite: 'lax',
      secure: url.protocol === 'https:',
      maxAge: 365 * 24 * 3600,
    });
  } else {
    cookies.delete(ELDER_COOKIE, { path: '/', secure: url.protocol === 'https:' });
  }
  const back = form.get('back');
  redirect(303, safeNext(typeof back === 'string' ? back : null, '/'));
};

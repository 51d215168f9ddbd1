import { readStatic } from '../static/static-files.js';

/**
 * The app is served from app://framescope/ rather than file://, so the page
 * has a real origin of its own: 'self' in its CSP means the bundle and
 * nothing else on disk, and IPC can check which origin a call came from.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'framescope';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/`;

/**
 * Monaco still works under it: its workers are bundled files ('self'; blob:
 * kept for the worker fallback), and it injects styles at run time. No
 * connect-src beyond 'self': in Electron every call goes over IPC.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Whether a URL is in the app's own origin. (Node gives custom schemes an opaque origin, so compare the parts.) */
export function isAppUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/**
 * The answer to one app:// request: a file of the built renderer under root,
 * never one outside it. Every answer, a refusal too, carries the CSP: a
 * worker script or any document the bundle might ever hold is held to it as
 * the page is.
 */
export async function appResponse(root: string, requestUrl: string, method: string): Promise<AppResponse> {
  if (!isAppUrl(requestUrl)) return refuse(404, 'not found');
  if (method !== 'GET' && method !== 'HEAD') return refuse(405, 'method not allowed');
  const file = await readStatic(root, new URL(requestUrl).pathname);
  if (!file) return refuse(404, 'not found');
  return { status: 200, headers: headers(file.type), body: method === 'HEAD' ? '' : file.body };
}

function refuse(status: number, message: string): AppResponse {
  return { status, headers: headers('text/plain; charset=utf-8'), body: message };
}

function headers(type: string): Record<string, string> {
  return { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': APP_CSP };
}

import { APP_URL } from './app-protocol.js';

const ERROR_PAGE_PREFIX = 'data:text/html;charset=utf-8,';

/**
 * A page that says why the app's own page is not there, for a window that
 * must not stay hidden or blank. It is self-contained (the app's files may be
 * what is missing), runs no script, and offers the way back to the app.
 */
export function errorPageUrl(problem: string): string {
  const html = `<!doctype html>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Framescope</title>
<style>body { font: 15px/1.5 system-ui, sans-serif; margin: 3em; max-width: 40em; color: #222; background: #fafafa; }</style>
<h1>Framescope cannot show its window</h1>
<p>${escapeHtml(problem)}</p>
<p><a href="${APP_URL}">Try again</a>, or restart Framescope.</p>
`;
  return ERROR_PAGE_PREFIX + encodeURIComponent(html);
}

export function isErrorPage(url: string): boolean {
  return url.startsWith(ERROR_PAGE_PREFIX);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

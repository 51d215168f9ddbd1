/** A tab's title for a URL: host and path, or what was typed when it does not parse. */
export function tabLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return url || 'New connection';
  }
}

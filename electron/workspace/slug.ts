/** Names Windows refuses as file names, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/;

/** A file name stem a person recognises from the profile's name: `Staging API (EU)` -> `staging-api-eu`. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  if (!slug) return 'profile';
  return RESERVED.test(slug) ? `${slug}-profile` : slug;
}

/**
 * The first of `slug`, `slug-2`, `slug-3`... not taken. Taken names are
 * compared without case, since macOS and Windows folders ignore it.
 */
export function uniqueStem(slug: string, taken: Iterable<string>): string {
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  if (!lower.has(slug)) return slug;
  for (let n = 2; ; n++) if (!lower.has(`${slug}-${n}`)) return `${slug}-${n}`;
}

import path from 'node:path';
import { writeDurably } from '../files/durable-write.js';
import { readText } from '../files/read-text.js';

/**
 * Makes sure the workspace's own .gitignore excludes `name` (the secrets
 * file, the recordings folder), so committing the folder never commits a secret. A .gitignore the
 * person already has only gets the one line added.
 */
export async function ensureGitignored(root: string, name: string): Promise<void> {
  const file = path.join(root, '.gitignore');
  const r = await readText(file);
  if ('error' in r) throw Object.assign(new Error(`cannot read ${file} (${r.error})`), { code: r.error });
  const text = r.text ?? '';
  if (text.split(/\r?\n/).some((line) => line.trim() === name || line.trim() === `/${name}`)) return;
  const header = text ? '' : '# Framescope: secret variable values stay on this machine\n';
  await writeDurably(file, `${text}${text && !text.endsWith('\n') ? '\n' : ''}${header}/${name}\n`);
}

import { chmod, cp, readdir } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from './processes.js';
import { productionPackagePaths } from './production-packages.js';

/**
 * Copies what a script of this checkout needs to run into `dir`, all
 * world-readable: package.json, the built dist/electron and dist/shared, the
 * production dependencies, and the given files (paths from the checkout's
 * root). For running the script as another user (nobody), who may not reach
 * the checkout itself: a clone under /root or in a `mktemp -d` folder.
 */
export async function copyForAnotherUser(dir: string, files: string[]): Promise<void> {
  for (const p of ['package.json', 'dist/electron', 'dist/shared', ...productionPackagePaths().filter(nestedInNone), ...files]) {
    await cp(path.join(ROOT, p), path.join(dir, p), { recursive: true });
  }
  await openToAll(dir);
}

/** A package nested in another's node_modules comes with its parent. */
const nestedInNone = (p: string) => p.split('node_modules').length === 2;

async function openToAll(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await openToAll(p);
    else if (entry.isFile()) await chmod(p, 0o644);
  }
}

import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/** write-file-atomic names its temp file `<file>.<uint32>`; a process killed mid-write leaves it behind. */
const TEMP_FILE = /\.json\.\d{1,10}$/;

/**
 * Removes temp files that killed writes left in these folders, so they do not
 * pile up in `git status`. Only old ones: a fresh one may belong to another
 * Framescope writing into the same folder right now.
 */
export async function removeStaleTempFiles(dirs: string[], olderThanMs = 60_000): Promise<void> {
  const cutoff = Date.now() - olderThanMs;
  for (const dir of dirs) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => TEMP_FILE.test(n))) {
      const file = path.join(dir, name);
      const s = await stat(file).catch(() => null);
      if (s?.isFile() && s.mtimeMs < cutoff) await unlink(file).catch(() => {});
    }
  }
}

import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/**
 * Codes of a rename or unlink that fails for a moment on Windows: an
 * antivirus or indexer holding the file open. Elsewhere they are real
 * refusals, so only Windows retries.
 */
const TRANSIENT = new Set(['EPERM', 'EBUSY', 'EACCES']);
const RETRY_DELAYS_MS = [10, 30, 90, 270, 810];

export async function retryTransient<T>(op: () => Promise<T>, platform: NodeJS.Platform = process.platform, delays = RETRY_DELAYS_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (platform !== 'win32' || !TRANSIENT.has(code) || attempt >= delays.length) throw e;
      await new Promise((r) => setTimeout(r, delays[attempt]));
    }
  }
}

/**
 * Makes a rename or unlink in `dir` itself durable. write-file-atomic fsyncs
 * the file but not its folder, so after a power cut the rename could be lost.
 * Windows cannot open a folder for fsync; NTFS journals the rename itself.
 */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fd = await open(dir, 'r');
  try {
    await fd.sync();
  } finally {
    await fd.close();
  }
}

/**
 * Replaces `file` with `text` so that at any instant (a crash, a kill, a
 * power cut) the file holds either the old or the new text, whole: a temp
 * file beside it, fsync, rename over, fsync the folder.
 */
export async function writeDurably(file: string, text: string): Promise<void> {
  await retryTransient(() => writeFileAtomic(file, text, { encoding: 'utf8', fsync: true }));
  await fsyncDir(path.dirname(file));
}

export async function renameDurably(from: string, to: string): Promise<void> {
  await retryTransient(() => rename(from, to));
  await fsyncDir(path.dirname(to));
  if (path.dirname(from) !== path.dirname(to)) await fsyncDir(path.dirname(from));
}

export async function unlinkDurably(file: string): Promise<void> {
  await retryTransient(() => unlink(file));
  await fsyncDir(path.dirname(file));
}

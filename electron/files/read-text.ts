import { readFile } from 'node:fs/promises';

/** A file's text; null when there is no such file; an errno code when it exists but cannot be read. */
export type ReadResult = { text: string } | { text: null } | { error: string };

export async function readText(file: string): Promise<ReadResult> {
  try {
    return { text: await readFile(file, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return code === 'ENOENT' ? { text: null } : { error: code };
  }
}

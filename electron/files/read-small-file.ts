import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { CallError } from '../../shared/ipc/api.js';

/**
 * A regular file's bytes, at most `max` of them. The check is on the opened
 * file itself, so a device (/dev/zero), a FIFO (opened without blocking) or a
 * link to one is refused before a byte is read, and a file that grows while
 * it is read is cut off at the limit, not read to its end.
 */
export async function readSmallFile(file: string, max: number, what: string): Promise<Buffer> {
  let fh;
  try {
    fh = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new CallError('INVALID_INPUT', `cannot read the ${what} ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new CallError('INVALID_INPUT', `the ${what} ${file} is not a regular file`);
    const tooLarge = () => new CallError('TOO_LARGE', `the ${what} ${file} is larger than ${max / 1024} KiB, the most read of such a file`);
    if (st.size > max) throw tooLarge();
    const buf = Buffer.alloc(max + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) return buf.subarray(0, n);
      n += bytesRead;
      if (n > max) throw tooLarge();
    }
  } finally {
    await fh.close();
  }
}

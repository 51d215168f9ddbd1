import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { EventIndex, type IndexHeader } from './event-index.js';

/** The index file's format: bump it when the layout changes; an index of another version is rebuilt from the log. */
export const INDEX_FORMAT = 2;
const MAGIC = 'framescope-log-index';

/** What the index file keeps beside the index: the facts a recordings list shows. */
export interface LogFacts {
  url: string;
  start: number;
  /** a torn last line was left out when the log was read */
  torn?: boolean;
  /** the log's last connection reached its final `closed` state: nothing after it is missing */
  ended?: boolean;
}

export function indexFileOf(logFile: string): string {
  return logFile.replace(/\.ndjson$/, '') + '.idx';
}

/**
 * Writes the index beside its log, so reopening a long recording reads a
 * few typed arrays instead of every line: a header line (format, counts,
 * how many bytes of the log it covers), then the arrays, each 8-byte aligned.
 * Written to a temporary name and renamed, so a crash leaves the old one or
 * none, never half of one.
 */
export async function writeIndexFile(file: string, index: EventIndex, facts: LogFacts): Promise<void> {
  const { header, arrays } = index.toParts();
  const head = Buffer.from(`${MAGIC} ${INDEX_FORMAT}\n${JSON.stringify({ ...header, ...facts })}\n`);
  const parts: Buffer[] = [head, Buffer.alloc(pad(head.length))];
  for (const column of arrays) {
    let bytes = 0;
    for (const a of column) {
      parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
      bytes += a.byteLength;
    }
    parts.push(Buffer.alloc(pad(bytes)));
  }
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = await open(tmp, 'w');
  try {
    // writev takes at most IOV_MAX buffers at a time
    for (let i = 0; i < parts.length; i += 512) await fd.writev(parts.slice(i, i + 512));
    await fd.sync();
  } finally {
    await fd.close();
  }
  await rename(tmp, file).catch(async (e) => {
    await unlink(tmp).catch(() => undefined);
    throw e;
  });
}

/** The index and facts from an index file, or null when there is none, it is of another format, or it does not read (cut short). */
export async function readIndexFile(file: string): Promise<{ index: EventIndex; facts: LogFacts } | null> {
  let fd: FileHandle;
  try {
    fd = await open(file, 'r');
  } catch {
    return null;
  }
  try {
    const head = await readHeader(fd);
    if (!head) return null;
    let at = head.bytes + pad(head.bytes);
    // the arrays are read straight into the index's own blocks, a block at a time
    const readInto = async (bytes: Uint8Array) => {
      for (let got = 0; got < bytes.length; ) {
        const { bytesRead } = await fd.read(bytes, got, bytes.length - got, at + got);
        if (bytesRead === 0) throw new Error('the index file is cut short');
        got += bytesRead;
      }
      at += bytes.length;
    };
    const index = await EventIndex.fromParts(head.header, readInto, (columnBytes) => {
      at += pad(columnBytes);
    });
    return { index, facts: factsOf(head.header) };
  } catch {
    return null;
  } finally {
    await fd.close();
  }
}

/** The magic line and the header line; null when they are not this format's. */
async function readHeader(fd: FileHandle): Promise<{ header: IndexHeader & LogFacts; bytes: number } | null> {
  const buf = Buffer.alloc(8192);
  const { bytesRead } = await fd.read(buf, 0, buf.length, 0);
  const first = buf.indexOf(10);
  const second = buf.indexOf(10, first + 1);
  if (first < 0 || second < 0 || second >= bytesRead || buf.toString('latin1', 0, first) !== `${MAGIC} ${INDEX_FORMAT}`) return null;
  return { header: JSON.parse(buf.toString('utf8', first + 1, second)) as IndexHeader & LogFacts, bytes: second + 1 };
}

/** Just the header of an index file: counts and facts for a list, without reading the arrays. */
export async function readIndexHeader(file: string): Promise<(IndexHeader & LogFacts) | null> {
  let fd: FileHandle;
  try {
    fd = await open(file, 'r');
  } catch {
    return null;
  }
  try {
    const head = await readHeader(fd);
    return head ? { ...head.header, ...factsOf(head.header) } : null;
  } catch {
    return null;
  } finally {
    await fd.close();
  }
}

function factsOf(h: Partial<LogFacts>): LogFacts {
  return { url: typeof h.url === 'string' ? h.url : '', start: typeof h.start === 'number' ? h.start : 0, ...(h.torn ? { torn: true } : {}), ...(h.ended ? { ended: true } : {}) };
}

function pad(n: number): number {
  return (8 - (n % 8)) % 8;
}

import { open, readFile, rename, unlink } from 'node:fs/promises';
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
  for (const a of arrays) {
    const b = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    parts.push(b, Buffer.alloc(pad(b.length)));
  }
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = await open(tmp, 'w');
  try {
    await fd.writev(parts);
    await fd.sync();
  } finally {
    await fd.close();
  }
  await rename(tmp, file).catch(async (e) => {
    await unlink(tmp).catch(() => undefined);
    throw e;
  });
}

/** The index and facts from an index file, or null when there is none, it is of another format, or it does not read. */
export async function readIndexFile(file: string): Promise<{ index: EventIndex; facts: LogFacts } | null> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch {
    return null;
  }
  try {
    const first = data.indexOf(10);
    if (data.toString('latin1', 0, first) !== `${MAGIC} ${INDEX_FORMAT}`) return null;
    const second = data.indexOf(10, first + 1);
    const h = JSON.parse(data.toString('utf8', first + 1, second)) as IndexHeader & LogFacts;
    let at = second + 1 + pad(second + 1);
    // aligned copies: the file's bytes may not sit on the boundaries typed arrays need
    const aligned = new ArrayBuffer(data.length);
    new Uint8Array(aligned).set(data);
    // a count past the end of the file makes the typed array throw: a cut-short index reads as none
    const index = EventIndex.fromParts(h, (count, make) => {
      const view = make(aligned, at, count);
      at += view.byteLength + pad(view.byteLength);
      return view;
    });
    return { index, facts: factsOf(h) };
  } catch {
    return null;
  }
}

/** Just the header of an index file: counts and facts for a list, without reading the arrays. */
export async function readIndexHeader(file: string): Promise<(IndexHeader & LogFacts) | null> {
  let fd;
  try {
    fd = await open(file, 'r');
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(8192);
    const { bytesRead } = await fd.read(buf, 0, buf.length, 0);
    const text = buf.toString('utf8', 0, bytesRead);
    const [magic, json] = text.split('\n');
    if (magic !== `${MAGIC} ${INDEX_FORMAT}` || json === undefined) return null;
    const h = JSON.parse(json) as IndexHeader & LogFacts;
    return { ...h, ...factsOf(h) };
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

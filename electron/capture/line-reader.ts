import type { FileHandle } from 'node:fs/promises';
import type { LogEvent } from '../../shared/log-events.js';
import { PREVIEW_CHARS } from '../../shared/ipc/events.js';
import { preview } from './log-preview.js';

/** Lines read together while the span they cover stays this small. */
const SPAN_BYTES = 4 * 1024 * 1024;
/** A line longer than this is not read whole for a preview: its start is enough. */
export const BIG_LINE = 256 * 1024;
/** Bytes of a big line read for its preview: the fields, and the payload's start. */
const PREFIX_BYTES = 16 * 1024;
/** The payload field that ends a frame or message line: the part a preview cuts. */
const PAYLOAD_FIELD = /"(payload|data|text|body)":"$/;

export interface LinePlace {
  seq: number;
  offset: number;
  length: number;
}

/**
 * Reads log lines from a file and parses them, for the pages and single
 * events the UI asks for. Lines close together are read in one go; a huge
 * line asked for as a preview has only its start read, so showing a row of
 * a 100 MiB message costs kilobytes, not hundreds of megabytes.
 */
export async function readLines(fd: FileHandle, places: LinePlace[], asPreview: boolean): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  let i = 0;
  while (i < places.length) {
    const p = places[i];
    if (asPreview && p.length > BIG_LINE) {
      out.push(await readPreview(fd, p));
      i++;
      continue;
    }
    let j = i + 1;
    while (j < places.length && places[j].length <= BIG_LINE && places[j].offset + places[j].length - p.offset <= SPAN_BYTES) j++;
    const last = places[j - 1];
    const buf = await readAt(fd, p.offset, last.offset + last.length - p.offset);
    for (let k = i; k < j; k++) {
      const e = parseLine(buf, places[k].offset - p.offset, places[k].length);
      out.push(asPreview ? preview(e) : e);
    }
    i = j;
  }
  return out;
}

export async function readAt(fd: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fd.read(buf, got, length - got, offset + got);
    if (bytesRead === 0) throw Object.assign(new Error(`the log file ends before byte ${offset + length}`), { code: 'ETRUNCATED' });
    got += bytesRead;
  }
  return buf;
}

/** One line (without its newline) as an event. */
export function parseLine(buf: Buffer, from: number, length: number): LogEvent {
  return JSON.parse(buf.toString('utf8', from, from + length - 1)) as LogEvent;
}

/**
 * The preview of a huge line from its first bytes: the payload field comes
 * last (as the serializer and JSON.stringify of the log format both write
 * it), so the line is cut inside it, closed, parsed, and marked truncated.
 * A line of another shape is read whole.
 */
async function readPreview(fd: FileHandle, p: LinePlace): Promise<LogEvent> {
  const head = (await readAt(fd, p.offset, Math.min(PREFIX_BYTES, p.length))).toString('latin1');
  const cut = previewPrefix(head);
  if (cut !== null) {
    try {
      return preview({ ...(JSON.parse(Buffer.from(cut, 'latin1').toString('utf8')) as LogEvent), truncated: true });
    } catch {
      // not the shape expected: read it whole below
    }
  }
  return preview(parseLine(await readAt(fd, p.offset, p.length), 0, p.length));
}

/** The line's start, cut within its last field and closed as JSON; null if the field is not where expected. */
export function previewPrefix(head: string): string | null {
  for (let i = head.indexOf('":"'); i >= 0; i = head.indexOf('":"', i + 3)) {
    const open = head.slice(0, i + 3);
    if (!PAYLOAD_FIELD.test(open)) continue;
    const value = head.slice(i + 3, i + 3 + 6 * PREVIEW_CHARS);
    // a closing quote inside means the value is short: not a line to cut
    if (/(^|[^\\])(\\\\)*"/.test(value)) return null;
    return `${open}${value.slice(0, safeEnd(value))}"}`;
  }
  return null;
}

/** Where a latin1 view of JSON string bytes can be cut: not inside an escape, not inside a UTF-8 character. */
function safeEnd(value: string): number {
  let end = value.length;
  // an odd run of backslashes at the end (maybe with part of \uXXXX after it) starts an escape that was cut
  const m = /(\\+)(u[0-9a-fA-F]{0,3})?$/.exec(value);
  if (m && m[1].length % 2 === 1) end = m.index + m[1].length - 1;
  // back over UTF-8 continuation bytes to the character's first byte: keep it only if it is whole
  let k = end;
  while (k > 0 && (value.charCodeAt(k - 1) & 0xc0) === 0x80) k--;
  if (k > 0 && value.charCodeAt(k - 1) >= 0xc0) {
    const lead = value.charCodeAt(k - 1);
    const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if (k - 1 + size > end) end = k - 1;
  }
  return end;
}

import type { FileHandle } from 'node:fs/promises';
import type { LogEvent } from '../../shared/log-events.js';
import { Flag, Kind, OtherKind, type EventIndex } from './event-index.js';

/** Bytes read at a time. */
const CHUNK = 4 * 1024 * 1024;

// The first fields of frame and message lines as the serializer (and JSON.stringify of the log format) writes them.
const FRAME =
  /^\{"type":"frame","seq":\d+,"t":([-\d.e+]+),"dir":"(in|out)","fin":(true|false),"rsv1":(true|false),"rsv2":(true|false),"rsv3":(true|false),"masked":(true|false),"opcode":(\d+),"length":(\d+)(,"crafted":true)?(,"rttMs":[-\d.e+]+)?,"maskKey":/;
const MESSAGE = /^\{"type":"message","seq":\d+,"t":([-\d.e+]+),"dir":"(in|out)","opcode":(\d+),"length":(\d+)(,"compressed":true)?(,"invalidUtf8":true)?,"(?:(?:text|data)":"|payloadOf":\d+\}$)/;

export interface ScanResult {
  /** bytes up to the end of the last whole line */
  end: number;
  /** a torn or unreadable line was found (a write cut short): it and anything after it are left out */
  torn: boolean;
}

/**
 * Reads a log file from byte `from` into the index, one line at a time:
 * frame and message lines by their leading fields alone, other lines parsed
 * whole (they are few). `visit` sees the parsed rare lines (for the URL of
 * the first handshake). A last line without its newline, or one that does
 * not parse, is a write cut short: scanning stops there.
 */
export async function scanInto(fd: FileHandle, from: number, index: EventIndex, visit?: (e: LogEvent) => void): Promise<ScanResult> {
  const buf = Buffer.allocUnsafe(CHUNK);
  /** the line being read, when it runs past a read: its start, its first LONG_LINE bytes, its length so far, its last two bytes */
  let lineStart = from;
  let kept: Buffer[] = [];
  let keptBytes = 0;
  let lineBytes = 0;
  let tail = Buffer.alloc(0);
  for (let pos = from; ; ) {
    const { bytesRead } = await fd.read(buf, 0, CHUNK, pos);
    if (bytesRead === 0) return { end: lineStart, torn: lineBytes > 0 };
    let at = 0;
    while (at < bytesRead) {
      const found = buf.indexOf(10, at);
      const nl = found >= 0 && found < bytesRead ? found : -1;
      if (nl >= 0 && lineBytes === 0) {
        // the common case: a whole line inside this read, looked at where it lies
        if (!addLine(buf.subarray(at, nl), nl + 1 - at, index, visit)) return { end: lineStart, torn: true };
        lineStart += nl + 1 - at;
        at = nl + 1;
        continue;
      }
      const piece = buf.subarray(at, nl >= 0 ? nl : bytesRead);
      if (keptBytes < LONG_LINE) {
        const take = piece.subarray(0, LONG_LINE - keptBytes);
        kept.push(Buffer.from(take));
        keptBytes += take.length;
      }
      lineBytes += piece.length;
      if (lineBytes > LONG_LINE) tail = Buffer.concat([tail, piece.subarray(Math.max(0, piece.length - 2))]).subarray(-2);
      if (nl < 0) break;
      const line = Buffer.concat(kept);
      const ok = lineBytes <= LONG_LINE ? addLine(line, lineBytes + 1, index, visit) : await addLongLine(fd, lineStart, line, tail, lineBytes + 1, index, visit);
      if (!ok) return { end: lineStart, torn: true };
      lineStart += lineBytes + 1;
      kept = [];
      keptBytes = lineBytes = 0;
      tail = Buffer.alloc(0);
      at = nl + 1;
    }
    pos += bytesRead;
  }
}

/** A line longer than this is scanned without keeping it: its head says what it is. */
const LONG_LINE = 64 * 1024;

/** A whole line (without its newline) into the index. */
function addLine(line: Buffer, bytes: number, index: EventIndex, visit?: (e: LogEvent) => void): boolean {
  // a payload field ends "} (a message naming its frame's payload ends in a digit and })
  const closed = line.length >= 2 && line[line.length - 1] === 0x7d && (line[line.length - 2] === 0x22 || (line[line.length - 2] >= 0x30 && line[line.length - 2] <= 0x39));
  if (closed && addByHead(line.toString('latin1', 0, Math.min(line.length, 400)), bytes, index)) return true;
  let e: LogEvent;
  try {
    e = JSON.parse(line.toString('utf8')) as LogEvent;
  } catch {
    return false;
  }
  if (typeof e !== 'object' || e === null || typeof e.type !== 'string') return false;
  visit?.(e);
  addEvent(index, e, bytes);
  return true;
}

/** A line too long to keep: a frame or message known by its head, or else read whole. */
async function addLongLine(fd: FileHandle, start: number, head: Buffer, tail: Buffer, bytes: number, index: EventIndex, visit?: (e: LogEvent) => void): Promise<boolean> {
  const closed = tail[0] === 0x22 && tail[1] === 0x7d;
  if (closed && addByHead(head.toString('latin1', 0, 400), bytes, index)) return true;
  const whole = Buffer.allocUnsafe(bytes - 1);
  await fd.read(whole, 0, whole.length, start);
  return addLine(whole, bytes, index, visit);
}

/** Frames and messages from their leading fields; false for any other line. */
function addByHead(head: string, bytes: number, index: EventIndex): boolean {
  let m = FRAME.exec(head);
  if (m) {
    const flags = (m[4] === 'true' ? Flag.Rsv1 : 0) | (m[5] === 'true' ? Flag.Rsv2 : 0) | (m[6] === 'true' ? Flag.Rsv3 : 0) | (m[7] === 'true' ? Flag.Masked : 0) | (m[10] ? Flag.Crafted : 0) | (m[11] ? Flag.Rtt : 0);
    index.add(Kind.Frame, m[2] === 'in', Number(m[8]), m[3] === 'true', flags, Number(m[9]), Number(m[1]), bytes);
    return true;
  }
  m = MESSAGE.exec(head);
  if (m) {
    const flags = (m[5] ? Flag.Compressed : 0) | (m[6] ? Flag.InvalidUtf8 : 0);
    index.add(Kind.Message, m[2] === 'in', Number(m[3]), true, flags, Number(m[4]), Number(m[1]), bytes);
    return true;
  }
  return false;
}

/** Notes an event given as an object (the rare kinds, or any event of a foreign writer). */
export function addEvent(index: EventIndex, e: LogEvent, bytes: number): void {
  const t = typeof e.t === 'number' ? e.t : index.lastTime;
  switch (e.type) {
    case 'frame': {
      const flags = (e.rsv1 ? Flag.Rsv1 : 0) | (e.rsv2 ? Flag.Rsv2 : 0) | (e.rsv3 ? Flag.Rsv3 : 0) | (e.masked ? Flag.Masked : 0) | (e.crafted ? Flag.Crafted : 0) | (e.rttMs !== undefined ? Flag.Rtt : 0);
      return index.add(Kind.Frame, e.dir === 'in', e.opcode, e.fin, flags, e.length, t, bytes);
    }
    case 'message':
      return index.add(Kind.Message, e.dir === 'in', e.opcode, true, (e.compressed ? Flag.Compressed : 0) | (e.invalidUtf8 ? Flag.InvalidUtf8 : 0), e.length, t, bytes);
    case 'reconnect':
      return index.add(Kind.Reconnect, false, 0, true, 0, 0, t, bytes);
    default:
      return index.add(Kind.Other, false, e.type === 'error' ? OtherKind.Error : OtherKind.Plain, true, 0, 0, t, bytes);
  }
}

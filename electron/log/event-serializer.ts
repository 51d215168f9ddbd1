import { isUtf8 } from 'node:buffer';
import type { EngineEvent, FrameEvent, MessageEvent } from '../protocol/events.js';
import type { LogEvent } from '../../shared/log-events.js';
import { toLogEvent, type Enrichment } from './to-log-event.js';
import { DEFER_BYTES, OutputQueue } from './output-queue.js';

const ascii = (s: string) => Buffer.from(s, 'latin1');
const FRAME_START = ascii('{"type":"frame","seq":');
const MESSAGE_START = ascii('{"type":"message","seq":');
const T_KEY = ascii(',"t":');
const LENGTH_KEY = ascii(',"length":');
const MASK_NULL = ascii(',"maskKey":null,"payload":"');
const MASK_OPEN = ascii(',"maskKey":"');
const PAYLOAD_AFTER_KEY = ascii('","payload":"');
const TEXT_KEY = ascii(',"text":"');
const DATA_KEY = ascii(',"data":"');
const COMMA = ascii(',');
const END = ascii('"}\n');
const PAYLOAD_OF = ascii('"payloadOf":');
const CLOSE_LINE = ascii('}\n');
const CRAFTED = ascii(',"crafted":true');
const COMPRESSED = ascii(',"compressed":true');
const INVALID_UTF8 = ascii(',"invalidUtf8":true');
/** Room a line takes besides its payload (keys, numbers, flags, mask key), with a margin. */
const LINE_ROOM = 400;

/** `,"dir":"in","fin":true,...,"opcode":` for each combination of the six flags, made once. */
const FRAME_FLAGS = Array.from({ length: 64 }, (_, f) =>
  ascii(`,"dir":"${f & 1 ? 'in' : 'out'}","fin":${!!(f & 2)},"rsv1":${!!(f & 4)},"rsv2":${!!(f & 8)},"rsv3":${!!(f & 16)},"masked":${!!(f & 32)},"opcode":`),
);
const MESSAGE_DIR = [ascii(',"dir":"out","opcode":'), ascii(',"dir":"in","opcode":')];

function put(out: Buffer, p: number, bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) out[p++] = bytes[i];
  return p;
}

/** A non-negative integer's decimal digits, as JSON writes it. */
function putInt(out: Buffer, p: number, n: number): number {
  if (n < 10) {
    out[p] = 48 + n;
    return p + 1;
  }
  // below 2^31 the digits come from integer division, which V8 makes a multiplication
  if (n > 0x7fffffff || !Number.isInteger(n)) return p + out.write(String(n), p, 'latin1');
  let end = p + 2;
  for (let x = n; x >= 100; x = (x / 10) | 0) end++;
  for (let i = end - 1, x = n; i >= p; i--) {
    const q = (x / 10) | 0;
    out[i] = 48 + x - q * 10;
    x = q;
  }
  return end;
}

/**
 * One serializer for --ndjson, recordings and exports: each event becomes
 * the line JSON.stringify(toLogEvent(e, seq, extra)) would make, byte for
 * byte (the fuzz test holds it to that). For a recording (`payloadOnce`), a
 * message of one frame, whose bytes are that frame's payload, says
 * `"payloadOf": <the frame's seq>` in place of its text or data: the payload
 * is on disk once, and reading the recording puts it back (payload-refs.ts). Frames and messages, the events of
 * a flood, are written in place into the output queue from byte templates,
 * their payloads going straight from the bytes to hex or escaped text; the
 * rest are rare and go through JSON.stringify.
 */
export class EventSerializer {
  /** the clock gives one reading per turn of the event loop: its digits are made once */
  private lastT = NaN;
  private lastTBytes = Buffer.alloc(0);
  /**
   * The fields between seq and payload of the last frame (or message) line,
   * and what they were made of: in a flood, frame after frame has the same
   * time, flags and length, so that part is one copy, not twenty writes.
   */
  private frameMiddle = { t: NaN, key: -1, length: -1, bytes: Buffer.alloc(0) };
  private messageMiddle = { t: NaN, key: -1, length: -1, bytes: Buffer.alloc(0) };
  /**
   * Where the last frame's payload hex was written: a one-frame message
   * carries the same bytes, copied rather than made again. Fields, not an
   * object: a flood would make one per frame.
   */
  private hexPayload: Uint8Array | null = null;
  private hexChunk: Buffer | null = null;
  private hexStart = 0;
  private hexEnd = 0;
  private hexSeq = 0;

  constructor(
    private readonly out: OutputQueue,
    private readonly o: { payloadOnce?: boolean } = {},
  ) {}

  /** Queues one event as a line. */
  write(e: EngineEvent, seq: number, extra?: Enrichment): void {
    if (e.type === 'frame') return this.frame(e, seq);
    const last = this.hexPayload;
    const chunk = this.hexChunk;
    this.hexPayload = this.hexChunk = null;
    if (e.type === 'message' && (e.opcode !== 1 || e.invalidUtf8 || isUtf8(e.data))) return this.message(e, seq, last !== null && last === e.data ? chunk : null);
    this.out.utf8(JSON.stringify(toLogEvent(e, seq, extra)) + '\n');
  }

  /** Queues an event that is already in the log format (a reconnect separator, a recording's line). */
  writeLogEvent(e: LogEvent): void {
    this.out.utf8(JSON.stringify(e) + '\n');
  }

  private t(t: number): Buffer {
    if (t !== this.lastT) {
      this.lastT = t;
      this.lastTBytes = ascii(String(t));
    }
    return this.lastTBytes;
  }

  private frame(e: FrameEvent, seq: number): void {
    const q = this.out;
    const inline = e.payload.length < DEFER_BYTES;
    q.ensure(LINE_ROOM + (inline ? 2 * e.payload.length : 0));
    const b = q.buffer;
    // key order as toLogEvent makes it: the engine's fields, then maskKey and payload
    b.set(FRAME_START, q.at);
    let p = putInt(b, q.at + FRAME_START.length, seq);
    const flags = (e.dir === 'in' ? 1 : 0) | (e.fin ? 2 : 0) | (e.rsv1 ? 4 : 0) | (e.rsv2 ? 8 : 0) | (e.rsv3 ? 16 : 0) | (e.masked ? 32 : 0);
    const plain = !e.crafted && e.rttMs === undefined && !e.maskKey;
    const m = this.frameMiddle;
    const key = flags | (e.opcode << 6);
    if (plain && m.t === e.t && m.key === key && m.length === e.length) {
      b.set(m.bytes, p);
      p += m.bytes.length;
    } else {
      const from = p;
      p = put(b, p, T_KEY);
      p = put(b, p, this.t(e.t));
      p = put(b, p, FRAME_FLAGS[flags]);
      p = putInt(b, p, e.opcode);
      p = put(b, p, LENGTH_KEY);
      p = putInt(b, p, e.length);
      if (e.crafted) p = put(b, p, CRAFTED);
      if (e.rttMs !== undefined) p += b.write(`,"rttMs":${e.rttMs}`, p, 'latin1');
      if (e.maskKey) {
        p = put(b, p, MASK_OPEN);
        p = OutputQueue.hexInto(e.maskKey, q.view, p);
        p = put(b, p, PAYLOAD_AFTER_KEY);
      } else {
        p = put(b, p, MASK_NULL);
      }
      if (plain) this.frameMiddle = { t: e.t, key, length: e.length, bytes: Buffer.from(b.subarray(from, p)) };
    }
    if (inline) {
      this.hexStart = p;
      p = OutputQueue.hexInto(e.payload, q.view, p);
      this.hexPayload = e.payload;
      this.hexChunk = b;
      this.hexEnd = p;
      this.hexSeq = seq;
      q.advance(put(b, p, END));
      return;
    }
    q.advance(p);
    q.hex(e.payload);
    q.raw(END);
  }

  /** `sameBytes`: the frame just written held these very bytes; the chunk its hex is in (at hexStart..hexEnd) */
  private message(e: MessageEvent, seq: number, sameBytes: Buffer | null): void {
    const q = this.out;
    const text = e.opcode === 1 && !e.invalidUtf8;
    // a recording refers to that frame, --ndjson copies its hex
    const ref = sameBytes !== null && !!this.o.payloadOnce;
    const copy = !ref && !text ? sameBytes : null;
    q.ensure(LINE_ROOM + (copy ? this.hexEnd - this.hexStart : 0));
    const b = q.buffer;
    b.set(MESSAGE_START, q.at);
    let p = putInt(b, q.at + MESSAGE_START.length, seq);
    const m = this.messageMiddle;
    const key = (e.dir === 'in' ? 1 : 0) | (e.opcode << 1) | (e.compressed ? 32 : 0) | (e.invalidUtf8 ? 64 : 0) | (ref ? 128 : 0);
    if (m.t === e.t && m.key === key && m.length === e.length) {
      b.set(m.bytes, p);
      p += m.bytes.length;
    } else {
      const from = p;
      p = put(b, p, T_KEY);
      p = put(b, p, this.t(e.t));
      p = put(b, p, MESSAGE_DIR[e.dir === 'in' ? 1 : 0]);
      p = putInt(b, p, e.opcode);
      p = put(b, p, LENGTH_KEY);
      p = putInt(b, p, e.length);
      if (e.compressed) p = put(b, p, COMPRESSED);
      if (e.invalidUtf8) p = put(b, p, INVALID_UTF8);
      p = put(b, p, ref ? COMMA : text ? TEXT_KEY : DATA_KEY);
      this.messageMiddle = { t: e.t, key: key | (ref ? 128 : 0), length: e.length, bytes: Buffer.from(b.subarray(from, p)) };
    }
    if (ref) {
      p = putInt(b, put(b, p, PAYLOAD_OF), this.hexSeq);
      q.advance(put(b, p, CLOSE_LINE));
      return;
    }
    if (copy) {
      p += copy.copy(b, p, this.hexStart, this.hexEnd);
      q.advance(put(b, p, END));
      return;
    }
    q.advance(p);
    if (text) q.text(e.data);
    else q.hex(e.data);
    q.raw(END);
  }
}

import { isUtf8 } from 'node:buffer';
import type { EngineEvent, FrameEvent, MessageEvent } from '../protocol/events.js';
import type { LogEvent } from '../../shared/log-events.js';
import { toLogEvent, type Enrichment } from './to-log-event.js';
import type { OutputQueue } from './output-queue.js';

/**
 * One serializer for --ndjson, recordings and exports: each event becomes
 * the line JSON.stringify(toLogEvent(e, seq, extra)) would make, byte for
 * byte (the fuzz test holds it to that). Frames and messages, the events of
 * a flood, are written field by field with their payloads going straight
 * from the bytes into the queue; the rest are rare and go through
 * JSON.stringify.
 */
export class EventSerializer {
  /** the clock gives one reading per turn of the event loop: its text is made once */
  private lastT = NaN;
  private lastTText = '';

  constructor(private readonly out: OutputQueue) {}

  /** Queues one event as a line. */
  write(e: EngineEvent, seq: number, extra?: Enrichment): void {
    if (e.type === 'frame') return this.frame(e, seq);
    if (e.type === 'message' && (e.opcode !== 1 || e.invalidUtf8 || isUtf8(e.data))) return this.message(e, seq);
    this.out.utf8(JSON.stringify(toLogEvent(e, seq, extra)) + '\n');
  }

  /** Queues an event that is already in the log format (a reconnect separator, a recording's line). */
  writeLogEvent(e: LogEvent): void {
    this.out.utf8(JSON.stringify(e) + '\n');
  }

  private t(t: number): string {
    if (t !== this.lastT) {
      this.lastT = t;
      this.lastTText = String(t);
    }
    return this.lastTText;
  }

  private frame(e: FrameEvent, seq: number): void {
    // key order as toLogEvent makes it: the engine's fields, then maskKey and payload
    const key = e.maskKey ? `"${Buffer.from(e.maskKey.buffer, e.maskKey.byteOffset, e.maskKey.length).toString('hex')}"` : 'null';
    this.out.ascii(
      `{"type":"frame","seq":${seq},"t":${this.t(e.t)},"dir":"${e.dir}","fin":${e.fin},"rsv1":${e.rsv1},"rsv2":${e.rsv2},"rsv3":${e.rsv3},"masked":${e.masked},"opcode":${e.opcode},"length":${e.length}` +
        `${e.crafted ? ',"crafted":true' : ''}${e.rttMs !== undefined ? `,"rttMs":${e.rttMs}` : ''},"maskKey":${key},"payload":"`,
    );
    this.out.hex(e.payload);
    this.out.ascii('"}\n');
  }

  private message(e: MessageEvent, seq: number): void {
    const text = e.opcode === 1 && !e.invalidUtf8;
    this.out.ascii(
      `{"type":"message","seq":${seq},"t":${this.t(e.t)},"dir":"${e.dir}","opcode":${e.opcode},"length":${e.length}` +
        `${e.compressed ? ',"compressed":true' : ''}${e.invalidUtf8 ? ',"invalidUtf8":true' : ''},"${text ? 'text' : 'data'}":"`,
    );
    if (text) this.out.text(e.data);
    else this.out.hex(e.data);
    this.out.ascii('"}\n');
  }
}

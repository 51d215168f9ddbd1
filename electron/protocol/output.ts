import type { EngineEvent } from './events.js';

/**
 * Where the engine's output goes, in order: its events and the bytes to
 * write. The host only records them here; it hands them on after the input
 * that caused them has returned, so it never calls the engine from inside
 * one.
 */
export interface ClientSink {
  event(e: EngineEvent): void;
  write(chunks: Uint8Array[]): void;
}

/**
 * The host's sink, with the one clock reading of the input being handled.
 * A socket chunk arrives at one moment, and so does a command: one reading
 * says when that was, and the clock is not read again for each of the
 * hundreds of small frames a chunk can hold (a precise clock costs about as
 * much as parsing a small frame).
 */
export class Output {
  /** when the input being handled happened, in milliseconds since the epoch */
  t = 0;

  constructor(
    private readonly sink: ClientSink,
    private readonly clock: () => number,
  ) {}

  /** Every input starts here: the only place the clock is read. */
  stamp(): void {
    this.t = this.clock();
  }

  event(e: EngineEvent): void {
    this.sink.event(e);
  }

  write(chunks: Uint8Array[]): void {
    this.sink.write(chunks);
  }
}

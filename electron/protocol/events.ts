import type { Header } from './handshake.js';
import type { ViolationCode } from '../../shared/violation-codes.js';

/**
 * What the engine reports, in order. These mirror the event log format
 * (contracts section 1) but carry bytes rather than hex and no `seq`: the
 * log layer numbers and serializes them, so the engine never pays for that.
 */
export type EngineEvent =
  | { type: 'handshake-request'; t: number; method: 'GET'; url: string; headers: Header[] }
  | { type: 'handshake-response'; t: number; status: number; statusText: string; headers: Header[]; body?: string }
  | { type: 'open'; t: number; protocol: string; extensions: string }
  | FrameEvent
  | MessageEvent
  | { type: 'state'; t: number; state: ConnectionState }
  | CloseEvent
  | ErrorEvent;

export type ConnectionState = 'connecting' | 'open' | 'closing' | 'closed';
export type Direction = 'out' | 'in';

export interface FrameEvent {
  type: 'frame';
  t: number;
  dir: Direction;
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  masked: boolean;
  opcode: number;
  maskKey: Uint8Array | null;
  length: number;
  payload: Uint8Array;
  crafted?: true;
  rttMs?: number;
}

export interface MessageEvent {
  type: 'message';
  t: number;
  dir: Direction;
  opcode: 1 | 2;
  length: number;
  data: Uint8Array;
  compressed?: true;
  invalidUtf8?: true;
}

export interface CloseEvent {
  type: 'close';
  t: number;
  code: number | null;
  reason: string;
  initiator: 'client' | 'server' | 'none';
  wasClean: boolean;
  /** present when a close frame was sent */
  sentCode?: number | null;
  sentReason?: string;
}

export interface ErrorEvent {
  type: 'error';
  t: number;
  code: ViolationCode;
  message: string;
  closeCode?: number;
  fatal: boolean;
}

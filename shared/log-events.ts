/**
 * The event log format of contracts section 1: what `--ndjson` prints, what
 * recordings hold and what the renderer receives. Hex is lower-case with no
 * separators. Fields beyond the contract's are marked optional.
 */
export type Header = [name: string, value: string];
export type ConnectionState = 'connecting' | 'open' | 'closing' | 'closed';

interface Base {
  seq: number;
  t: number;
  /** set on previews sent to the renderer: the payload, text or body was cut */
  truncated?: true;
}

export interface TlsSummary {
  version: string | null;
  cipher: string | null;
  alpn: string | null;
  peerCertificate: {
    subject: string;
    issuer: string;
    validFrom: string;
    validTo: string;
    fingerprint256: string;
    subjectAltName?: string;
  } | null;
}

export type LogEvent =
  | (Base & { type: 'handshake-request'; method: string; url: string; headers: Header[] })
  | (Base & { type: 'handshake-response'; status: number; statusText: string; headers: Header[]; body?: string })
  | (Base & { type: 'open'; protocol: string; extensions: string; remoteAddress?: string; remotePort?: number; proxy?: string; tls?: TlsSummary })
  | FrameLogEvent
  | MessageLogEvent
  | (Base & { type: 'state'; state: ConnectionState })
  /** not from a connection: the log continues with a new connection to the same settings */
  | (Base & { type: 'reconnect'; attempt: number; reason: 'manual' | 'automatic'; url: string })
  | CloseLogEvent
  | ErrorLogEvent;

export interface FrameLogEvent extends Base {
  type: 'frame';
  dir: 'out' | 'in';
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  masked: boolean;
  opcode: number;
  maskKey: string | null;
  length: number;
  payload: string;
  crafted?: true;
  rttMs?: number;
  /** on frame log rows: seq of the first frame of the message this data frame belongs to */
  messageSeq?: number;
  /** on frame log rows, on the first frame of a fragmented message: how many frames the message took (its group in the log) */
  groupFrames?: number;
  /**
   * on frame log rows, on the first frame of a message whose frames do not
   * show it as delivered (fragmented, or compressed): the message, reassembled
   * and inflated (a preview, like the row)
   */
  message?: MessageLogEvent;
}

export interface MessageLogEvent extends Base {
  type: 'message';
  dir: 'out' | 'in';
  opcode: 1 | 2;
  length: number;
  text?: string;
  data?: string;
  compressed?: true;
  invalidUtf8?: true;
}

export interface CloseLogEvent extends Base {
  type: 'close';
  code: number | null;
  reason: string;
  initiator: 'client' | 'server' | 'none';
  wasClean: boolean;
  sentCode?: number | null;
  sentReason?: string;
}

export interface ErrorLogEvent extends Base {
  type: 'error';
  code: string;
  message: string;
  closeCode?: number;
  fatal: boolean;
}

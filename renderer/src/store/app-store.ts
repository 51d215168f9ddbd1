import { create } from 'zustand';
import type { ConnectSettings } from '../../../shared/ipc/schemas';
import type { CloseLogEvent, ConnectionState, ErrorLogEvent, LogEvent } from '../../../shared/log-events';
import type { LogFilterSpec } from '../../../shared/log-filter';

export type Phase = 'idle' | ConnectionState;

/** Everything about the connection the panels show, kept small: frames themselves stay in the main process. */
export interface ConnectionSlice {
  settings: Required<Pick<ConnectSettings, 'url'>> & ConnectSettings;
  sessionId: string | null;
  phase: Phase;
  /** handshake, open, close and error events of the current connection */
  request: Extract<LogEvent, { type: 'handshake-request' }> | null;
  response: Extract<LogEvent, { type: 'handshake-response' }> | null;
  open: Extract<LogEvent, { type: 'open' }> | null;
  close: CloseLogEvent | null;
  errors: ErrorLogEvent[];
  timeline: { state: ConnectionState; t: number }[];
  /** a call that failed, shown once where the person acted */
  notice: string | null;
}

export interface LogSlice {
  total: number;
  /** frame rows matching the filter */
  frameTotal: number;
  filter: LogFilterSpec;
  autoscroll: boolean;
  selectedSeq: number | null;
  /** bumped on every batch, so views know to refresh what they show */
  revision: number;
  rate: { messagesPerSec: number; bytesPerSec: number };
}

export interface HeartbeatSlice {
  autoPong: boolean;
  intervalMs: string;
  pongTimeoutMs: string;
  rtts: { seq: number; t: number; rttMs: number }[];
}

export interface ComposerSlice {
  kind: 'text' | 'binary';
  history: { kind: 'text' | 'binary'; body: string; t: number }[];
}

export type AppState = ConnectionSlice & LogSlice & HeartbeatSlice & ComposerSlice;

export const initialConnection = (): Omit<ConnectionSlice, 'settings'> => ({
  sessionId: null,
  phase: 'idle',
  request: null,
  response: null,
  open: null,
  close: null,
  errors: [],
  timeline: [],
  notice: null,
});

export const useApp = create<AppState>()(() => ({
  settings: { url: 'ws://127.0.0.1:8080/', headers: [], subprotocols: [] },
  ...initialConnection(),
  total: 0,
  frameTotal: 0,
  filter: {},
  autoscroll: true,
  selectedSeq: null,
  revision: 0,
  rate: { messagesPerSec: 0, bytesPerSec: 0 },
  autoPong: true,
  intervalMs: '',
  pongTimeoutMs: '',
  rtts: [],
  kind: 'text',
  history: [],
}));

/** How many RTT samples the heartbeat panel keeps. */
const MAX_RTTS = 500;
/** How many error events the status area keeps. */
const MAX_ERRORS = 200;

const window1s: { t: number; messages: number; bytes: number }[] = [];

/** Folds a pushed batch into the summaries; the rows themselves are pulled by the log view. */
export function applyBatch(sessionId: string, events: LogEvent[], total: number): void {
  const s = useApp.getState();
  if (sessionId !== s.sessionId) return;
  const patch: Partial<AppState> = { total, revision: s.revision + 1 };
  let errors = s.errors;
  let timeline = s.timeline;
  let rtts = s.rtts;
  let messages = 0;
  let bytes = 0;
  for (const e of events) {
    switch (e.type) {
      case 'handshake-request':
        patch.request = e;
        break;
      case 'handshake-response':
        patch.response = e;
        break;
      case 'open':
        patch.open = e;
        break;
      case 'state':
        patch.phase = e.state;
        timeline = [...timeline, { state: e.state, t: e.t }];
        break;
      case 'close':
        patch.close = e;
        break;
      case 'error':
        errors = [...errors, e].slice(-MAX_ERRORS);
        break;
      case 'frame':
        bytes += e.length;
        if (e.rttMs !== undefined) rtts = [...rtts, { seq: e.seq, t: e.t, rttMs: e.rttMs }].slice(-MAX_RTTS);
        break;
      case 'message':
        messages++;
        break;
    }
  }
  const now = performance.now();
  window1s.push({ t: now, messages, bytes });
  while (window1s.length && now - window1s[0].t > 1000) window1s.shift();
  patch.rate = {
    messagesPerSec: window1s.reduce((a, w) => a + w.messages, 0),
    bytesPerSec: window1s.reduce((a, w) => a + w.bytes, 0),
  };
  useApp.setState({ ...patch, errors, timeline, rtts });
}

/** Lets the counters fall to zero when batches stop coming. */
export function tickRate(): void {
  const now = performance.now();
  while (window1s.length && now - window1s[0].t > 1000) window1s.shift();
  const rate = {
    messagesPerSec: window1s.reduce((a, w) => a + w.messages, 0),
    bytesPerSec: window1s.reduce((a, w) => a + w.bytes, 0),
  };
  const cur = useApp.getState().rate;
  if (cur.messagesPerSec !== rate.messagesPerSec || cur.bytesPerSec !== rate.bytesPerSec) useApp.setState({ rate });
}

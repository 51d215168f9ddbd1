import { create } from 'zustand';
import type { ConnectSettings } from '../../../shared/ipc/schemas';
import type { CloseLogEvent, ConnectionState, ErrorLogEvent, LogEvent } from '../../../shared/log-events';
import type { LogFilterSpec } from '../../../shared/log-filter';
import type { CaptureStatus, LogSummary } from '../../../shared/ipc/events';
import { emptyFilterInput, type FilterInput, type FilterProblem } from '../lib/filter-input';
import type { RecordingSummary } from '../../../shared/recordings';
import type { BinaryCodec } from '../../../shared/codecs/codec-ids';
import type { BinaryFormat } from '../lib/bytes';

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
  /**
   * the tab came back from the saved workspace without its connection; it
   * shows the recording of its last one and connects only when asked (wasLive:
   * it was connected when saved, so it offers to reconnect)
   */
  restored: { wasLive: boolean; recordingId: string | null } | null;
}

export interface LogSlice {
  total: number;
  /** rows of the unfiltered log, as the last summary counted them */
  rows: number;
  /** rows of the unfiltered messages view (messages, control frames, errors) */
  messageRows: number;
  /** the filter the log shows */
  filter: LogFilterSpec;
  /** the filter as typed; it becomes `filter` once it reads as one */
  filterInput: FilterInput;
  /** why the typed filter is not the one applied */
  filterProblem: FilterProblem | null;
  autoscroll: boolean;
  selectedSeq: number | null;
  /** an event to select and scroll to (a scenario step's message); `n` counts requests, so the same one can be asked again */
  reveal: { seq: number; n: number } | null;
  /** bumped on every summary, so views know to refresh what they show */
  revision: number;
  rate: { messagesPerSec: number; bytesPerSec: number };
  /** size of the log on disk */
  logBytes: number;
  /** whether the log is being written whole (null: no summary yet) */
  capture: CaptureStatus | null;
  /** time of the log's first event: the day a clock time in the time filter falls on */
  logStart: number | null;
  /** which view of the log is shown */
  view: LogView;
  /**
   * the newest event a summary taken whole (session.list, after a reload)
   * already told of: pushes that overlap it skip what it held
   */
  seenSeq: number;
  /** fragmented messages (by the seq of their first frame) whose continuation frames the frame log hides */
  collapsed: number[];
}

export type LogView = 'frames' | 'messages';

export interface HeartbeatSlice {
  autoPong: boolean;
  intervalMs: string;
  pongTimeoutMs: string;
  rtts: { seq: number; t: number; rttMs: number }[];
}

/** The close code and reason as typed in the Close panel, each tab its own. */
export interface CloseDraftSlice {
  closeCode: string;
  closeReason: string;
}

export interface ComposerSlice {
  /** which way of sending the Send area shows: Compose, Raw frame or the subprotocol's helper */
  sendMode: string;
  kind: 'text' | 'binary';
  /** what the editor holds, one draft per kind; saved with the tab */
  draft: { text: string; binary: string };
  /** how the binary draft is written */
  binaryFormat: BinaryFormat;
  /** how many fragments a message goes out in, as typed */
  fragments: string;
  /** after our close frame, a data message goes out anyway, as a crafted frame */
  sendAnyway: boolean;
  /** a file too large to edit as hex, sent as it is */
  attached: File | null;
  /** the codec the text draft is encoded in, as picked ('none': as typed); null follows the connection's codec */
  encodeChoice: BinaryCodec | 'none' | null;
  /** the Protobuf message type picked for the draft; null follows the connection's outgoing type */
  typeChoice: string | null;
  /** a send of the draft is on its way */
  sending: boolean;
  /** what went out; `file` for a file sent as it was (its body is a label) */
  history: { kind: 'text' | 'binary'; body: string; t: number; file?: File }[];
}

export interface ProfileSlice {
  /** the profile this tab's settings came from: its variables resolve on connect, and Save profile updates it */
  profileId: string | null;
}

export interface RecordingSlice {
  /** set when the tab shows a saved recording read-only: no connection controls, only its log */
  recording: RecordingSummary | null;
  /** set when the tab shows a scenario run (its steps beside the log): the scenario's name */
  scenario: string | null;
}

export type AppState = ConnectionSlice & LogSlice & HeartbeatSlice & CloseDraftSlice & ComposerSlice & ProfileSlice & RecordingSlice;

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
  restored: null,
});

/** What a tab knows of its log's contents, cleared when a new connection starts a new log (a filter stays). */
export const initialLog = (): Pick<LogSlice, 'total' | 'rows' | 'messageRows' | 'logBytes' | 'capture' | 'logStart' | 'seenSeq' | 'collapsed'> => ({
  total: 0,
  rows: 0,
  messageRows: 0,
  logBytes: 0,
  capture: null,
  logStart: null,
  seenSeq: -1,
  collapsed: [],
});

/** A fresh tab: one connection's settings, log view, heartbeat and composer. */
export function newTab(settings?: AppState['settings']): AppState {
  return {
    settings: settings ?? { url: 'ws://127.0.0.1:8080/', headers: [], subprotocols: [] },
    ...initialConnection(),
    ...initialLog(),
    filter: {},
    filterInput: emptyFilterInput(),
    filterProblem: null,
    view: 'frames',
    autoscroll: true,
    selectedSeq: null,
    reveal: null,
    revision: 0,
    rate: { messagesPerSec: 0, bytesPerSec: 0 },
    autoPong: true,
    intervalMs: '',
    pongTimeoutMs: '',
    rtts: [],
    closeCode: '1000',
    closeReason: '',
    sendMode: 'Compose',
    kind: 'text',
    draft: { text: '', binary: '' },
    binaryFormat: 'hex',
    fragments: '1',
    sendAnyway: false,
    attached: null,
    encodeChoice: null,
    typeChoice: null,
    sending: false,
    history: [],
    profileId: null,
    recording: null,
    scenario: null,
  };
}

interface OpenTabs {
  tabs: Record<string, AppState>;
  order: string[];
  active: string;
}

/**
 * A tab's id: saved with it in the workspace and given to the main process
 * with its session, so a reloaded window and a restored workspace find the
 * same tab again.
 */
export function newTabId(): string {
  // getRandomValues, not randomUUID: the page may be served from an origin that is not a secure context
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const first = newTabId();

/** Every open tab; each has its own connection and log. */
export const useTabs = create<OpenTabs>()(() => ({ tabs: { [first]: newTab() }, order: [first], active: first }));

/** Puts these tabs in place of all the open ones (a restored or switched workspace); none gives one fresh tab. */
export function replaceTabs(tabs: { id: string; state: AppState }[], active: string | null): void {
  if (!tabs.length) tabs = [{ id: newTabId(), state: newTab() }];
  const order = tabs.map((t) => t.id);
  useTabs.setState({ tabs: Object.fromEntries(tabs.map((t) => [t.id, t.state])), order, active: active && order.includes(active) ? active : order[0] }, true);
}

type Patch = Partial<AppState> | ((s: AppState) => Partial<AppState>);

export function patchTab(id: string, patch: Patch): void {
  useTabs.setState((w) => {
    const tab = w.tabs[id];
    if (!tab) return {};
    return { tabs: { ...w.tabs, [id]: { ...tab, ...(typeof patch === 'function' ? patch(tab) : patch) } } };
  });
}

export function activeTabId(): string {
  return useTabs.getState().active;
}

export function addTab(settings?: AppState['settings'], id = newTabId()): string {
  useTabs.setState((w) => ({ tabs: { ...w.tabs, [id]: newTab(settings) }, order: [...w.order, id], active: id }));
  return id;
}

export function removeTab(id: string): void {
  useTabs.setState((w) => {
    if (w.order.length === 1) return { tabs: { [id]: newTab(w.tabs[id].settings) } };
    const order = w.order.filter((t) => t !== id);
    const { [id]: _gone, ...tabs } = w.tabs;
    const at = w.order.indexOf(id);
    return { tabs, order, active: w.active === id ? order[Math.min(at, order.length - 1)] : w.active };
  });
}

/**
 * The active tab, read and written like a store of its own, so a panel
 * never needs to know that there are tabs.
 */
export const useApp = Object.assign(
  <T>(selector: (s: AppState) => T): T => useTabs((w) => selector(w.tabs[w.active])),
  {
    getState: (): AppState => {
      const w = useTabs.getState();
      return w.tabs[w.active];
    },
    setState: (patch: Patch): void => patchTab(activeTabId(), patch),
  },
);

/** How many RTT samples the heartbeat panel keeps. */
const MAX_RTTS = 500;
/** How many error events the status area keeps. */
const MAX_ERRORS = 200;

/** Per connection, totals at each summary over the last second, for the live rates. */
const windows = new Map<string, { t: number; messages: number; bytes: number }[]>();

function rateOver(sessionId: string, now: number, totals?: { messages: number; bytes: number }): AppState['rate'] {
  const w = windows.get(sessionId) ?? [];
  windows.set(sessionId, w);
  if (totals) w.push({ t: now, ...totals });
  while (w.length > 1 && now - w[1].t >= 1000) w.shift();
  if (w.length < 2 || now - w[0].t > 2000) return { messagesPerSec: 0, bytesPerSec: 0 };
  const first = w[0];
  const last = w[w.length - 1];
  const span = Math.max(1000, now - first.t) / 1000;
  return { messagesPerSec: Math.round((last.messages - first.messages) / span), bytesPerSec: Math.round((last.bytes - first.bytes) / span) };
}

function tabOf(sessionId: string): string | undefined {
  const w = useTabs.getState();
  return w.order.find((id) => w.tabs[id].sessionId === sessionId);
}

/** The panels' view of the connection, from the events that change it. */
function foldNotable(s: AppState, events: LogEvent[]): Partial<AppState> {
  const patch: Partial<AppState> = {};
  let errors = s.errors;
  let timeline = s.timeline;
  let rtts = s.rtts;
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
        if (e.rttMs !== undefined) rtts = [...rtts, { seq: e.seq, t: e.t, rttMs: e.rttMs }].slice(-MAX_RTTS);
        break;
    }
  }
  return { ...patch, errors, timeline, rtts };
}

function sameCapture(a: CaptureStatus | null, b: CaptureStatus): boolean {
  return !!a && a.state === b.state && a.missing === b.missing && a.message === b.message && a.recordingId === b.recordingId;
}

/** Folds a pushed summary into the tab showing its log; the rows themselves are pulled by the log view. */
export function applySummary(summary: LogSummary): void {
  const tabId = tabOf(summary.sessionId);
  if (!tabId) return;
  const s = useTabs.getState().tabs[tabId];
  // what a summary taken whole already told (a reattached tab) is not told twice; seq -1 is a note outside the log
  const fresh = <T extends { seq: number }>(list: T[]) => (s.seenSeq < 0 ? list : list.filter((e) => e.seq < 0 || e.seq > s.seenSeq));
  const patch = foldNotable(s, fresh(summary.notable));
  const newRtts = fresh(summary.rtts);
  const rtts = newRtts.length ? [...(patch.rtts ?? s.rtts), ...newRtts].slice(-MAX_RTTS) : patch.rtts;
  const totals = { messages: summary.messages.in + summary.messages.out, bytes: summary.bytes.in + summary.bytes.out };
  const rate = rateOver(summary.sessionId, performance.now(), totals);
  patchTab(tabId, {
    ...patch,
    rtts,
    total: summary.total,
    rows: summary.rows,
    messageRows: summary.messageRows,
    logBytes: summary.logBytes,
    // a summary every 32 ms must not wake the panels that show these when nothing in them changed
    capture: sameCapture(s.capture, summary.capture) ? s.capture : summary.capture,
    rate: rate.messagesPerSec === s.rate.messagesPerSec && rate.bytesPerSec === s.rate.bytesPerSec ? s.rate : rate,
    logStart: s.logStart ?? summary.notable[0]?.t ?? null,
    revision: s.revision + 1,
  });
}

/** Folds events read from a log (a recording opened read-only) into its tab, as a live tab's summaries would. */
export function applyEvents(sessionId: string, events: LogEvent[], total: number): void {
  const tabId = tabOf(sessionId);
  if (!tabId) return;
  const s = useTabs.getState().tabs[tabId];
  patchTab(tabId, { ...foldNotable(s, events), total, logStart: s.logStart ?? events[0]?.t ?? null, revision: s.revision + 1 });
}

/** Lets the counters fall to zero when summaries stop coming. */
export function tickRate(): void {
  const now = performance.now();
  const w = useTabs.getState();
  for (const id of w.order) {
    const tab = w.tabs[id];
    if (!tab.sessionId) continue;
    const rate = rateOver(tab.sessionId, now);
    if (tab.rate.messagesPerSec !== rate.messagesPerSec || tab.rate.bytesPerSec !== rate.bytesPerSec) patchTab(id, { rate });
  }
}

/**
 * Folds a summary taken whole (session.list, for a tab that comes back to
 * its session after a reload) into that tab; later pushes skip what it held.
 */
export function applySnapshot(summary: LogSummary): void {
  applySummary(summary);
  const tabId = tabOf(summary.sessionId);
  if (tabId) patchTab(tabId, { seenSeq: summary.total - 1 });
}

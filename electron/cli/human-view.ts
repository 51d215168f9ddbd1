import type { EngineEvent, FrameEvent, MessageEvent } from '../protocol/events.js';
import { toLogEvent, type Enrichment } from '../log/to-log-event.js';
import { closeCodeName } from '../../shared/close-codes.js';
import { opcodeName } from '../../shared/opcodes.js';
import { authority } from '../net/authority.js';

const PREVIEW = 120;
/** Payloads up to this size are decoded whole for their preview; larger ones only at both ends. */
const WHOLE_PREVIEW_BYTES = 64 * 1024;

/**
 * The readable terminal view: one line per frame (direction, opcode, flags,
 * length, payload preview), handshake heads as on the wire, and a line for
 * each state change, close and error. Like python-websockets' Frame.__str__:
 * text as text, binary as hex, long payloads cut in the middle. It reads
 * the payload bytes it shows and no more: a 100 MiB message costs a line.
 */
export class HumanView {
  /** per direction: the opcode of the message in progress, how many frames it took, whether its first frame had RSV1 */
  private msg = { in: { opcode: 0, frames: 0, compressed: false }, out: { opcode: 0, frames: 0, compressed: false } };

  format(engineEvent: EngineEvent, extra?: Enrichment): string | null {
    const at = clock(engineEvent.t);
    if (engineEvent.type === 'frame') return this.frame(engineEvent, at);
    if (engineEvent.type === 'message') return this.message(engineEvent, at);
    const e = toLogEvent(engineEvent, 0, extra);
    switch (e.type) {
      case 'state':
        // the open event's own line says more
        return e.state === 'open' ? null : `${at} * ${e.state}`;
      case 'handshake-request': {
        const u = new URL(e.url);
        return [`${at} > ${e.method} ${u.pathname}${u.search} HTTP/1.1    (${e.url})`, ...e.headers.map(([n, v]) => `${INDENT}> ${n}: ${v}`)].join('\n');
      }
      case 'handshake-response': {
        const lines = [`${at} < HTTP ${e.status} ${e.statusText}`, ...e.headers.map(([n, v]) => `${INDENT}< ${n}: ${v}`)];
        if (e.body) lines.push(...e.body.split('\n').slice(0, 20).map((l) => `${INDENT}< | ${cut(l)}`));
        return lines.join('\n');
      }
      case 'open': {
        const parts = [`${at} * open`, `protocol=${e.protocol || '-'}`, `extensions=${e.extensions || '-'}`];
        if (e.remoteAddress) parts.push(`remote=${authority(e.remoteAddress, e.remotePort ?? '?')}`);
        if (e.proxy) parts.push(`proxy=${e.proxy}`);
        if (e.tls) parts.push(`tls=${e.tls.version} ${e.tls.cipher} alpn=${e.tls.alpn ?? '-'}`, `cert=[${e.tls.peerCertificate?.subject ?? '?'}]`);
        return parts.join('  ');
      }
      case 'close': {
        const code = e.code === null ? 'no code' : `${e.code} ${closeCodeName(e.code)}`;
        const sent = e.sentCode !== undefined && e.sentCode !== null ? `, sent ${e.sentCode}` : '';
        return `${at} * close ${code}${e.reason ? ` "${e.reason}"` : ''}  initiator=${e.initiator}  ${e.wasClean ? 'clean' : 'not clean'}${sent}`;
      }
      case 'reconnect':
        return `${at} * reconnect #${e.attempt} (${e.reason}) to ${e.url}`;
      case 'error':
        return `${at} ! ${e.fatal ? 'error' : 'warning'} ${e.code}: ${e.message}${e.closeCode ? ` (close ${e.closeCode})` : ''}`;
      default:
        return null;
    }
  }

  private message(e: MessageEvent, at: string): string | null {
    // A message of one plain frame says nothing its frame line did not.
    const frames = this.msg[e.dir].frames;
    this.msg[e.dir].frames = 0;
    if (frames <= 1 && !e.compressed) return null;
    const body = e.opcode === 1 && !e.invalidUtf8 ? textPreview(e.data) : hexPreview(e.data);
    const how = [frames > 1 ? `${frames} frames` : '', e.compressed ? 'inflated' : ''].filter(Boolean).join(', ');
    return `${at} ${arrow(e.dir)} message ${e.opcode === 1 ? 'text' : 'binary'} ${e.length} B${how ? ` (${how})` : ''}  ${body}`;
  }

  private frame(e: FrameEvent, at: string): string {
    const m = this.msg[e.dir];
    if (e.opcode === 1 || e.opcode === 2) {
      m.opcode = e.opcode;
      m.frames = 0;
      m.compressed = e.rsv1;
    }
    if (e.opcode <= 2) m.frames++;
    const key = e.maskKey ? Buffer.from(e.maskKey.buffer, e.maskKey.byteOffset, e.maskKey.length).toString('hex') : null;
    const flags = [e.fin ? 'FIN' : '---', e.rsv1 ? 'RSV1' : '', e.rsv2 ? 'RSV2' : '', e.rsv3 ? 'RSV3' : '', e.masked ? `MASK ${key}` : '']
      .filter(Boolean)
      .join(' ');
    const extra = [e.crafted ? '[crafted]' : '', e.rttMs !== undefined ? `rtt=${e.rttMs.toFixed(1)}ms` : ''].filter(Boolean).join(' ');
    const kind = opcodeName(e.opcode).padEnd(12);
    return `${at} ${arrow(e.dir)} ${kind} ${flags.padEnd(18)} ${String(e.length).padStart(7)} B  ${this.preview(e, m)}${extra ? `  ${extra}` : ''}`;
  }

  private preview(e: FrameEvent, m: { opcode: number; compressed: boolean }): string {
    const bytes = Buffer.from(e.payload.buffer, e.payload.byteOffset, e.payload.length);
    if (e.opcode === 8) {
      if (bytes.length < 2) return bytes.length ? `(${bytes.toString('hex')})` : '(no code)';
      const code = bytes.readUInt16BE(0);
      const reason = bytes.subarray(2).toString('utf8');
      return `${code} ${closeCodeName(code)}${reason ? ` "${quoteText(reason)}"` : ''}`;
    }
    // RSV1 is on a compressed message's first frame only; its continuations hold compressed bytes too
    const compressed = e.opcode === 0 ? m.compressed : e.rsv1;
    const textual = !compressed && (e.opcode === 1 || (e.opcode === 0 && m.opcode === 1) || e.opcode === 9 || e.opcode === 10);
    if (textual) {
      const text = textPreview(bytes);
      if (!text.includes('\uFFFD')) return text;
    }
    return `${compressed ? '(compressed) ' : ''}${hexPreview(bytes)}`;
  }
}

const INDENT = ' '.repeat(12);

function arrow(dir: 'in' | 'out'): string {
  return dir === 'out' ? '-> out' : '<- in ';
}

function clock(t: number): string {
  const d = new Date(t);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

function cut(s: string): string {
  if (s.length <= PREVIEW) return s;
  const half = PREVIEW / 2;
  return `${s.slice(0, half)}...(${s.length - PREVIEW} more)...${s.slice(-half)}`;
}

/** Text shown on one line: control characters escaped, cut in the middle. */
function quoteText(s: string): string {
  return cut(escapeControls(s));
}

function escapeControls(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/** Bytes as UTF-8 text on one line: whole when small, else just both ends, decoded apart. */
function textPreview(data: Uint8Array): string {
  const b = Buffer.from(data.buffer, data.byteOffset, data.length);
  if (b.length <= WHOLE_PREVIEW_BYTES) return quoteText(b.toString('utf8'));
  // a character cut at either end decodes to U+FFFD: dropped
  const head = b.subarray(0, PREVIEW * 2).toString('utf8').replace(/\uFFFD+$/, '');
  const tail = b.subarray(b.length - PREVIEW * 2).toString('utf8').replace(/^\uFFFD+/, '');
  const half = PREVIEW / 2;
  return `${escapeControls(head.slice(0, half))}...(${b.length - PREVIEW} more bytes)...${escapeControls(tail.slice(-half))}`;
}

/** Bytes as hex, cut in the middle; only the ends shown are converted. */
function hexPreview(data: Uint8Array): string {
  const b = Buffer.from(data.buffer, data.byteOffset, data.length);
  if (b.length * 2 <= PREVIEW) return b.toString('hex');
  const half = PREVIEW / 4;
  return `${b.subarray(0, half).toString('hex')}...(${b.length * 2 - PREVIEW} more)...${b.subarray(b.length - half).toString('hex')}`;
}

import { isUtf8 } from 'node:buffer';
import { Document, isMap, isSeq } from 'yaml';
import type { LogEvent } from '../../shared/log-events.js';
import type { ExpectStyle } from '../../shared/scenario-files.js';
import { offersDeflate, ownHeaders, subprotocolsOf } from '../recordings/har.js';

/** More messages than this make a scenario nobody edits: the rest are left out, and the file says so. */
export const MAX_MESSAGES = 1000;

/** Headers whose values are credentials: a scenario file is committed, so they become {{variables}}. */
const SECRET_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * A session's log as a scenario file (contracts section 4), for the person
 * to edit before saving: the first connection's settings from its
 * handshake, each sent message a `send` step (with its fragments) and each
 * received one an `expect` step (the whole text or bytes, or with
 * `json-keys` the top-level keys of a JSON object, whatever their values),
 * our pings and the pongs that answered them, a pong sent unasked, crafted
 * frames as `frame` steps, then how it closed. Pure: events in, YAML text out.
 */
export function scenarioFromLog(events: LogEvent[], o: { name: string; expect: ExpectStyle }): string {
  const notes = [`Made by Framescope from "${o.name}": sent messages are send steps, received ones expect steps${o.expect === 'json-keys' ? ' (JSON objects by their keys, any values)' : ' (exactly as received)'}.`];
  const until = events.findIndex((e) => e.type === 'reconnect');
  const first = until < 0 ? events : events.slice(0, until);
  if (until >= 0) notes.push('Only the first connection is here: the log reconnected after it.');

  const request = first.find((e) => e.type === 'handshake-request');
  const headers = request?.headers ?? [];
  const own = ownHeaders(headers).filter(([n]) => n.toLowerCase() !== 'origin');
  const secret = own.filter(([n]) => SECRET_HEADERS.has(n.toLowerCase())).map(([n]) => n.toLowerCase());
  if (secret.length) notes.push(`Credentials are not written here: set ${secret.map((n) => `{{${n}}}`).join(', ')} in an environment (as secrets).`);
  const origin = headers.find(([n]) => n.toLowerCase() === 'origin')?.[1];
  const protocols = subprotocolsOf(headers);
  const connect: Record<string, unknown> = { url: request?.url ?? 'ws://127.0.0.1:8080/' };
  if (!request) notes.push('The log has no handshake: set connect.url.');
  if (own.length) connect.headers = Object.fromEntries(own.map(([n, v]) => [n, SECRET_HEADERS.has(n.toLowerCase()) ? `{{${n.toLowerCase()}}}` : v]));
  if (protocols.length) connect.subprotocols = protocols;
  if (origin !== undefined) connect.origin = origin;
  if (offersDeflate(headers)) connect.deflate = true;

  const steps: Record<string, unknown>[] = [];
  const response = first.find((e) => e.type === 'handshake-response');
  if (response && response.status !== 101) steps.push({ expect: { handshake: { status: response.status } } });
  let messages = 0;
  // data frames sent since the last message sent: its fragments
  let fragments = 0;
  // the last data frame sent was crafted: the message it ends is already its frame steps
  let craftedData = false;
  // the payload of the server's last ping, which an automatic pong answers
  let serverPing: string | null = null;
  const add = (step: Record<string, unknown>) => ++messages <= MAX_MESSAGES && steps.push(step);
  for (const e of first) {
    if (e.type === 'message') {
      if (e.dir === 'in') add({ expect: expectOf(e, o.expect) });
      else if (!craftedData) add({ send: fragments > 1 ? { ...sendAsObject(e), fragments } : sendOf(e) });
      if (e.dir === 'out') fragments = 0;
    } else if (e.type === 'frame') {
      const step = frameStep(e, serverPing);
      if (e.dir === 'out' && e.opcode <= 2) {
        craftedData = !!e.crafted;
        if (!e.crafted) fragments++;
      }
      if (e.dir === 'in' && e.opcode === 9) serverPing = e.payload;
      if (e.dir === 'out' && e.opcode === 10 && e.payload === serverPing) serverPing = null;
      if (step) add(step);
    } else if (e.type === 'close') {
      if (e.initiator === 'client' && e.sentCode !== undefined) steps.push({ close: e.sentCode === null ? {} : { code: e.sentCode, ...(e.sentReason ? { reason: e.sentReason } : {}) } });
      else if (e.initiator === 'server') steps.push({ expect: { close: { ...(e.code !== null ? { code: e.code } : {}), initiator: 'server' } } });
    }
  }
  if (messages > MAX_MESSAGES) notes.push(`The first ${MAX_MESSAGES} of its ${messages} messages and frames are here.`);

  const doc = new Document({ name: o.name, connect, steps });
  doc.commentBefore = notes.map((n) => ` ${n}`).join('\n');
  // one line per step: `- send: {json: {...}}`, `- expect: {equals: ...}`
  const list = doc.get('steps', true);
  if (isSeq(list)) {
    for (const step of list.items) {
      if (!isMap(step)) continue;
      for (const pair of step.items) if (isMap(pair.value) || isSeq(pair.value)) pair.value.flow = true;
    }
  }
  return doc.toString({ lineWidth: 0 });
}

type MessageEvent = Extract<LogEvent, { type: 'message' }>;

/** Text that is compact JSON is sent as `json` (readable, and the same bytes); other text as it is; binary as hex. */
function sendOf(e: MessageEvent): unknown {
  if (e.opcode !== 1 || e.text === undefined) return { hex: e.data ?? '' };
  const json = parseJson(e.text);
  return json !== undefined && typeof json === 'object' && json !== null && JSON.stringify(json) === e.text ? { json } : e.text;
}

/** The same message as a send step's map, so it can carry its fragments. */
function sendAsObject(e: MessageEvent): Record<string, unknown> {
  const send = sendOf(e);
  return typeof send === 'string' ? { text: send } : (send as Record<string, unknown>);
}

type FrameEvent = Extract<LogEvent, { type: 'frame' }>;

/**
 * A control or crafted frame as a step: a crafted frame exactly as it went
 * out; our ping and a pong we sent unasked (not the automatic answer to the
 * server's ping) as `ping` and `pong`, their payload as text when it is
 * text; the pong that answered our ping as `expect: {pong}`.
 */
function frameStep(e: FrameEvent, serverPing: string | null): Record<string, unknown> | null {
  if (e.dir === 'out' && e.crafted) return { frame: craftedOf(e) };
  const answer = e.dir === 'in' && e.opcode === 10 && e.rttMs !== undefined;
  const ours = e.dir === 'out' && (e.opcode === 9 || (e.opcode === 10 && e.payload !== serverPing));
  // no other frame is a step: its payload is not decoded for nothing
  if (!answer && !ours) return null;
  const text = textOf(e.payload);
  if (answer) return { expect: { pong: text } };
  if (text === null) return { frame: craftedOf(e) };
  return e.opcode === 9 ? { ping: text } : { pong: text };
}

/** A frame as a `frame` step: what differs from a step's defaults (FIN, no RSV bits, masked), and the key it was masked with. */
function craftedOf(e: FrameEvent): Record<string, unknown> {
  return {
    opcode: e.opcode,
    ...(e.fin ? {} : { fin: false }),
    ...(e.rsv1 ? { rsv1: true } : {}),
    ...(e.rsv2 ? { rsv2: true } : {}),
    ...(e.rsv3 ? { rsv3: true } : {}),
    ...(e.masked ? (e.maskKey ? { key: e.maskKey } : {}) : { mask: false }),
    payload: e.payload,
  };
}

/** A payload's text, when it is valid UTF-8 (a step's `ping: TEXT` cannot say other bytes). */
function textOf(hex: string): string | null {
  const bytes = Buffer.from(hex, 'hex');
  return isUtf8(bytes) ? bytes.toString('utf8') : null;
}

function expectOf(e: MessageEvent, style: ExpectStyle): unknown {
  if (e.opcode !== 1 || e.text === undefined) return { hex: e.data ?? '' };
  const json = style === 'json-keys' ? parseJson(e.text) : undefined;
  const keys = json && typeof json === 'object' && !Array.isArray(json) ? Object.keys(json) : [];
  // an empty object, an array or a scalar has no keys to go by: matched exactly
  if (!keys.length) return { equals: e.text };
  return { json: keys.map((k) => ({ path: pathOf(k), exists: true })) };
}

function pathOf(key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `$.${key}` : `$[${JSON.stringify(key)}]`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

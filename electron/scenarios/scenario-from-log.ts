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
 * handshake, each sent message a `send` step and each received one an
 * `expect` step (the whole text or bytes, or with `json-keys` the top-level
 * keys of a JSON object, whatever their values), then how it closed. Pure:
 * events in, YAML text out.
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
  for (const e of first) {
    if (e.type === 'message') {
      if (++messages > MAX_MESSAGES) continue;
      steps.push(e.dir === 'out' ? { send: sendOf(e) } : { expect: expectOf(e, o.expect) });
    } else if (e.type === 'close') {
      if (e.initiator === 'client' && e.sentCode !== undefined) steps.push({ close: e.sentCode === null ? {} : { code: e.sentCode, ...(e.sentReason ? { reason: e.sentReason } : {}) } });
      else if (e.initiator === 'server') steps.push({ expect: { close: { ...(e.code !== null ? { code: e.code } : {}), initiator: 'server' } } });
    }
  }
  if (messages > MAX_MESSAGES) notes.push(`The first ${MAX_MESSAGES} of its ${messages} messages are here.`);

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

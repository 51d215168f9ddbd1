import { jsonEqual, lookupJsonPath, parseJsonPath, type JsonPath } from './json-path.js';

/** The frame log's filter (the LogFilter call schema): every condition given must hold. */
export interface LogFilterSpec {
  text?: string;
  regex?: boolean;
  caseSensitive?: boolean;
  dir?: 'in' | 'out';
  opcodes?: number[];
  minLength?: number;
  maxLength?: number;
  fromTime?: number;
  toTime?: number;
  json?: string;
  /** a Socket.IO event name, a STOMP destination or a GraphQL operation id, exactly (needs a decoder) */
  subject?: string;
}

/** What a row's content conditions look at: its wire payload in hex, and the text the user reads (the message as delivered, or a control frame's payload). */
export interface RowContent {
  hex: string;
  text: string;
  /** for a data message, what decoding it needs: its direction, opcode and (binary) bytes; a text message's bytes are its text */
  message?: { dir: 'in' | 'out'; opcode: number; hex: string };
}

/**
 * Reads a data message's decoded layer (codec and subprotocol, as the log is
 * set to read it) for the JSON and subject conditions; null for a row that
 * is no data message.
 */
export type RowDecoder = (c: RowContent) => { value?: unknown; subject?: string } | null;

/**
 * A filter ready to run. The row conditions (direction, opcode, length,
 * time) need only an index; `content` is null when none of text, regex or
 * JSON was asked for, so payloads need not be read at all.
 */
export interface CompiledFilter {
  row(dir: 'in' | 'out', opcode: number, length: number, t: number): boolean;
  /** whether rows need the time to be tested */
  usesTime: boolean;
  content: ((c: RowContent) => boolean) | null;
  /** content needs the delivered text (not only the wire hex) */
  needsText: boolean;
  /** content decodes messages: rows need their `message` */
  decodes: boolean;
}

export class FilterError extends Error {}

/** Whether any condition is set. */
export function isFiltering(f: LogFilterSpec): boolean {
  return !!(f.text || f.dir || f.opcodes?.length || f.json?.trim() || f.subject || f.minLength !== undefined || f.maxLength !== undefined || f.fromTime !== undefined || f.toTime !== undefined);
}

/**
 * Compiles a filter; throws FilterError naming a bad regular expression or
 * JSON condition. With a decoder, the JSON condition reads data messages'
 * decoded values (MessagePack, CBOR, protobuf, a subprotocol's layer) and
 * `subject` can match; without one, JSON is read from the text.
 */
export function compileFilter(f: LogFilterSpec, decoder?: RowDecoder): CompiledFilter {
  const opcodes = f.opcodes?.length ? new Set(f.opcodes) : null;
  const { minLength: min, maxLength: max, fromTime: from, toTime: to, dir } = f;
  const row = (d: 'in' | 'out', opcode: number, length: number, t: number) =>
    (!dir || d === dir) &&
    (!opcodes || opcodes.has(opcode)) &&
    (min === undefined || length >= min) &&
    (max === undefined || length <= max) &&
    (from === undefined || t >= from) &&
    (to === undefined || t <= to);
  const tests: ((c: RowContent) => boolean)[] = [];
  let needsText = false;
  if (f.text) {
    if (f.regex) {
      let re: RegExp;
      try {
        re = new RegExp(f.text, f.caseSensitive ? 'u' : 'iu');
      } catch (e) {
        throw new FilterError(`not a regular expression: ${(e as Error).message}`);
      }
      tests.push((c) => re.test(c.text));
    } else {
      const needle = f.caseSensitive ? f.text : f.text.toLowerCase();
      const hex = hexNeedle(f.text);
      tests.push((c) => (hex !== null && hexBytesIn(c.hex, hex)) || (f.caseSensitive ? c.text : c.text.toLowerCase()).includes(needle));
    }
    needsText = true;
  }
  // one decode per row, whichever conditions ask for it
  let last: { c: RowContent; d: ReturnType<RowDecoder> } | null = null;
  const decoded = (c: RowContent) => {
    if (last?.c !== c) last = { c, d: decoder!(c) };
    return last.d;
  };
  if (f.json?.trim()) {
    const cond = compileJsonCondition(f.json);
    const onText = textTest(cond);
    tests.push((c) => {
      if (!decoder || !c.message) return onText(c.text);
      const d = decoded(c);
      // structured values only, as on text: a message read as a plain string or number is no JSON to look into
      return d !== null && typeof d.value === 'object' && d.value !== null && cond(d.value);
    });
    needsText = true;
  }
  if (f.subject) {
    const want = f.subject;
    tests.push((c) => !!decoder && !!c.message && decoded(c)?.subject === want);
    needsText = true;
  }
  return {
    row,
    usesTime: from !== undefined || to !== undefined,
    content: tests.length ? (c) => tests.every((t) => t(c)) : null,
    needsText,
    decodes: !!decoder && !!(f.json?.trim() || f.subject),
  };
}

/** `$.path = VALUE`, `$.path != VALUE` or `$.path`: a test of a message's text, false for text that is not JSON. */
export function parseJsonCondition(condition: string): (text: string) => boolean {
  return textTest(compileJsonCondition(condition));
}

function textTest(cond: (value: unknown) => boolean): (text: string) => boolean {
  return (text) => {
    const t = text.trimStart();
    if (t[0] !== '{' && t[0] !== '[') return false;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return false;
    }
    return cond(value);
  };
}

/** The same condition as a test of a value (a message's JSON, or its decoded layer). */
export function compileJsonCondition(condition: string): (value: unknown) => boolean {
  const m = /^\s*(\$[^=!]*?)\s*(?:(!=|=)\s*(.*?))?\s*$/s.exec(condition);
  if (!m) throw new FilterError(`a JSON filter looks like $.path = value, $.path != value or $.path; got ${JSON.stringify(condition)}`);
  let path: JsonPath;
  try {
    path = parseJsonPath(m[1]);
  } catch (e) {
    throw new FilterError((e as Error).message);
  }
  const op = m[2];
  let expected: unknown = m[3];
  if (op && m[3] !== undefined) {
    try {
      expected = JSON.parse(m[3]);
    } catch {
      // a bare word compares as the string it is: $.type = trade
    }
  }
  return (value) => {
    const hit = lookupJsonPath(value, path);
    if (!op) return hit.found;
    const equal = hit.found && jsonEqual(hit.value, expected);
    return op === '=' ? equal : !equal;
  };
}

/** The needle as whole bytes of lower-case hex (spaces, colons and 0x allowed), or null when it is not hex. */
function hexNeedle(text: string): string | null {
  const clean = text.trim().replace(/^0x/i, '').replace(/[\s:]/g, '').toLowerCase();
  return /^(?:[0-9a-f]{2})+$/.test(clean) ? clean : null;
}

/** Whether `hex` (whole bytes, lower case) occurs in `payload` on a byte boundary: '56c6' is not in '68656c6c6f'. */
function hexBytesIn(payload: string, hex: string): boolean {
  for (let i = payload.indexOf(hex); i >= 0; i = payload.indexOf(hex, i + 1)) if (i % 2 === 0) return true;
  return false;
}

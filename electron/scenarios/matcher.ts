import { jsonEqual, lookupJsonPath, parseJsonPath } from '../../shared/json-path.js';
import type { Matcher } from '../../shared/scenario.js';

/** A data message as scenarios see it: its bytes, and its text when it is a text message. */
export interface Received {
  seq: number;
  opcode: 1 | 2;
  bytes: Buffer;
  text: string | null;
}

/**
 * A matcher made into a test: every key given must hold. It answers why a
 * message does not match (for the report), or null when it does. Plain
 * comparisons only: nothing is evaluated.
 */
export function compileMatcher(m: Matcher): (msg: Received) => string | null {
  const checks: ((msg: Received) => string | null)[] = [];
  const text = (msg: Received) => msg.text ?? msg.bytes.toString('utf8');
  if (m.equals !== undefined) checks.push((msg) => (text(msg) === m.equals ? null : `it is not equal to ${quote(m.equals!)}`));
  if (m.contains !== undefined) checks.push((msg) => (text(msg).includes(m.contains!) ? null : `it does not contain ${quote(m.contains!)}`));
  if (m.regex !== undefined) {
    const re = new RegExp(m.regex, 'u');
    checks.push((msg) => (re.test(text(msg)) ? null : `it does not match /${m.regex}/`));
  }
  if (m.hex !== undefined) {
    const want = m.hex.trim().replace(/^0x/i, '').replace(/[\s:]/g, '').toLowerCase();
    checks.push((msg) => (msg.bytes.toString('hex') === want ? null : `its bytes are not ${want || '(empty)'}`));
  }
  for (const j of m.json === undefined ? [] : [m.json].flat()) {
    const path = parseJsonPath(j.path);
    const re = j.matches !== undefined ? new RegExp(j.matches, 'u') : null;
    checks.push((msg) => {
      let value: unknown;
      try {
        value = JSON.parse(text(msg));
      } catch {
        return 'it is not JSON';
      }
      const hit = lookupJsonPath(value, path);
      if (j.exists !== undefined) return hit.found === j.exists ? null : j.exists ? `${j.path} is not in it` : `${j.path} is in it`;
      if (!hit.found) return `${j.path} is not in it`;
      if (re) return re.test(typeof hit.value === 'string' ? hit.value : JSON.stringify(hit.value)) ? null : `${j.path} is ${JSON.stringify(hit.value)}, which does not match /${j.matches}/`;
      if ('equals' in j) return jsonEqual(hit.value, j.equals) ? null : `${j.path} is ${JSON.stringify(hit.value)}, not ${JSON.stringify(j.equals)}`;
      return null;
    });
  }
  return (msg) => {
    for (const c of checks) {
      const why = c(msg);
      if (why) return why;
    }
    return null;
  };
}

/** What a matcher asks for, for the report. */
export function describeMatcher(m: Matcher): string {
  const parts: string[] = [];
  if (m.equals !== undefined) parts.push(`equal to ${quote(m.equals)}`);
  if (m.contains !== undefined) parts.push(`containing ${quote(m.contains)}`);
  if (m.regex !== undefined) parts.push(`matching /${m.regex}/`);
  if (m.hex !== undefined) parts.push(`bytes ${m.hex}`);
  for (const j of m.json === undefined ? [] : [m.json].flat()) {
    parts.push(j.exists !== undefined ? `JSON with${j.exists ? '' : 'out'} ${j.path}` : j.matches !== undefined ? `JSON ${j.path} matching /${j.matches}/` : `JSON ${j.path} = ${JSON.stringify(j.equals)}`);
  }
  return `a message ${parts.join(' and ')}`;
}

function quote(s: string): string {
  return JSON.stringify(s.length > 200 ? `${s.slice(0, 200)}…` : s);
}

/** One extension from a Sec-WebSocket-Extensions value; a bare parameter has value `true`. */
export interface ExtensionOffer {
  name: string;
  params: [string, string | true][];
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Parses a Sec-WebSocket-Extensions value (RFC 6455 section 9.1), quoted
 * parameter values included. Throws with a message naming the problem.
 */
export function parseExtensions(value: string): ExtensionOffer[] {
  const out: ExtensionOffer[] = [];
  for (const part of splitOutsideQuotes(value, ',')) {
    const [head, ...rawParams] = splitOutsideQuotes(part, ';').map((s) => s.trim());
    if (!TOKEN.test(head)) throw new Error(`invalid extension name "${head}"`);
    const params: [string, string | true][] = [];
    for (const p of rawParams) {
      const eq = p.indexOf('=');
      const name = (eq === -1 ? p : p.slice(0, eq)).trim();
      if (!TOKEN.test(name)) throw new Error(`invalid parameter "${p}" in extension ${head}`);
      if (eq === -1) {
        params.push([name, true]);
        continue;
      }
      let v = p.slice(eq + 1).trim();
      if (v.startsWith('"')) {
        if (v.length < 2 || !v.endsWith('"')) throw new Error(`unterminated quoted value in parameter ${name}`);
        v = v.slice(1, -1).replace(/\\(.)/g, '$1');
      }
      if (!TOKEN.test(v)) throw new Error(`invalid value "${v}" for parameter ${name}`);
      params.push([name, v]);
    }
    out.push({ name: head, params });
  }
  return out;
}

export function formatExtension(ext: ExtensionOffer): string {
  return [ext.name, ...ext.params.map(([k, v]) => (v === true ? k : `${k}=${v}`))].join('; ');
}

function splitOutsideQuotes(s: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && quoted) {
      cur += c + (s[++i] ?? '');
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === sep && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  if (quoted) throw new Error('unterminated quoted string');
  parts.push(cur);
  return parts;
}

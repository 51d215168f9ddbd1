/**
 * JSON paths as testers write them: `$`, then `.name`, `[N]` or `["name"]`
 * steps, such as `$.a.b[0]` or `$["odd key"].x`. Plain lookups only: no
 * filters, wildcards or expressions.
 */
export type JsonPath = (string | number)[];

/** Parses a path; throws with a message naming the problem and its place. */
export function parseJsonPath(path: string): JsonPath {
  const p = path.trim();
  if (!p.startsWith('$')) throw new Error(`a JSON path starts with $, got ${JSON.stringify(path)}`);
  const steps: JsonPath = [];
  let i = 1;
  while (i < p.length) {
    if (p[i] === '.') {
      const m = /^[A-Za-z_$][\w$-]*/.exec(p.slice(i + 1));
      if (!m) throw new Error(`JSON path ${JSON.stringify(path)}: a name must follow "." at position ${i + 1}`);
      steps.push(m[0]);
      i += 1 + m[0].length;
    } else if (p[i] === '[') {
      const rest = p.slice(i);
      const index = /^\[(\d+)\]/.exec(rest);
      const quoted = /^\[("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\]/.exec(rest);
      if (index) {
        steps.push(Number(index[1]));
        i += index[0].length;
      } else if (quoted) {
        const q = quoted[1];
        steps.push(q[0] === '"' ? (JSON.parse(q) as string) : q.slice(1, -1).replace(/\\(.)/g, '$1'));
        i += quoted[0].length;
      } else {
        throw new Error(`JSON path ${JSON.stringify(path)}: expected [N] or ["name"] at position ${i + 1}`);
      }
    } else {
      throw new Error(`JSON path ${JSON.stringify(path)}: unexpected ${JSON.stringify(p[i])} at position ${i + 1}`);
    }
  }
  return steps;
}

/** The value at the path, or `found: false`. Own properties only: `constructor` or `__proto__` are never reached through the prototype. */
export function lookupJsonPath(value: unknown, path: JsonPath): { found: true; value: unknown } | { found: false } {
  let v = value;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(v) || step >= v.length) return { found: false };
      v = v[step];
    } else {
      if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, step)) return { found: false };
      v = (v as Record<string, unknown>)[step];
    }
  }
  return { found: true, value: v };
}

/** Structural equality of JSON values: key order does not count. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => jsonEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

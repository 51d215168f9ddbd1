import { parseHex, toHex } from '../hex.js';

/**
 * A decoded payload as a JSON tree: what the inspector and the messages view
 * show, what JSON filters read, and what crosses IPC. Values JSON lacks are
 * kept as one-key marker objects rather than coerced, so nothing is lost or
 * made up: bytes `{"$bytes": hex}`, integers beyond 2^53 `{"$int": digits}`,
 * dates `{"$date": ISO}`, CBOR tags `{"$tag": n, "value": v}`, MessagePack
 * extensions `{"$ext": type, "data": hex}`, `{"$undefined": true}`, floats
 * JSON cannot write `{"$float": "NaN" | "Infinity" | "-Infinity"}`, and maps
 * whose keys are not strings `{"$map": [[key, value], ...]}`.
 */
export type Decoded = null | boolean | number | string | Decoded[] | { [key: string]: Decoded };


/** Any value a decoder returns, as a Decoded tree. */
export function toDecoded(v: unknown, seen = new Set<object>()): Decoded {
  if (v === null) return null;
  if (v === undefined) return { $undefined: true };
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : { $float: String(v) };
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : { $int: v.toString() };
  if (v instanceof Uint8Array) return { $bytes: toHex(v) };
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { $date: 'Invalid Date' } : { $date: v.toISOString() };
  if (typeof v === 'symbol') return v.toString();
  if (typeof v === 'function') return '[function]';
  if (seen.has(v)) return '[cycle]';
  seen.add(v);
  try {
    if (Array.isArray(v)) return v.map((x) => toDecoded(x, seen));
    if (v instanceof Map) {
      const entries = [...(v as Map<unknown, unknown>).entries()];
      if (entries.every(([k]) => typeof k === 'string')) return Object.fromEntries(entries.map(([k, x]) => [String(k), toDecoded(x, seen)] as const));
      return { $map: entries.map(([k, x]) => [toDecoded(k, seen), toDecoded(x, seen)]) };
    }
    const o = v as Record<string, unknown>;
    // a CBOR tag (cbor2's Tag), a MessagePack extension (ExtData)
    if (typeof o.tag === 'number' && 'contents' in o) return { $tag: o.tag, value: toDecoded(o.contents, seen) };
    if (typeof o.type === 'number' && o.data instanceof Uint8Array && Object.keys(o).length === 2) return { $ext: o.type, data: toHex(o.data) };
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, toDecoded(x, seen)]));
  } finally {
    seen.delete(v);
  }
}

/** A Decoded tree back into values an encoder takes: the markers become bytes, bigints, dates, tags, maps. */
export function fromDecoded(d: Decoded, make: { tag(n: number, v: unknown): unknown; ext(type: number, data: Uint8Array): unknown }): unknown {
  if (d === null || typeof d !== 'object') return d;
  if (Array.isArray(d)) return d.map((x) => fromDecoded(x, make));
  const keys = Object.keys(d);
  const one = keys.length === 1 ? keys[0] : null;
  if (one === '$bytes' && typeof d.$bytes === 'string') return plainBytes(parseHex(d.$bytes));
  if (one === '$int' && typeof d.$int === 'string' && /^-?\d+$/.test(d.$int)) return BigInt(d.$int);
  if (one === '$date' && typeof d.$date === 'string') return new Date(d.$date);
  if (one === '$undefined') return undefined;
  if (one === '$float' && typeof d.$float === 'string') return Number(d.$float);
  if (one === '$map' && Array.isArray(d.$map)) return new Map((d.$map as Decoded[][]).map(([k, v]) => [fromDecoded(k, make), fromDecoded(v, make)]));
  if (keys.length === 2 && typeof d.$tag === 'number' && 'value' in d) return make.tag(d.$tag, fromDecoded(d.value, make));
  if (keys.length === 2 && typeof d.$ext === 'number' && typeof d.data === 'string') return make.ext(d.$ext, plainBytes(parseHex(d.data)));
  return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, fromDecoded(v, make)]));
}

// cbor2 picks its encoder by constructor, and a Node Buffer would be written as its toJSON() map.
function plainBytes(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

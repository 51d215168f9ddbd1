import type { Decoded } from './decoded.js';

/**
 * The marker objects of a Decoded tree (decoded.ts), recognised as such, so
 * a view can show `$int 9223372036854775807` or `$bytes 00ff` as the typed
 * values they stand for rather than as one-key objects. The shapes are the
 * ones fromDecoded reads back.
 */
export type Marker =
  | { kind: '$bytes'; hex: string }
  | { kind: '$int'; digits: string }
  | { kind: '$date'; iso: string }
  | { kind: '$float'; text: string }
  | { kind: '$undefined' }
  | { kind: '$tag'; tag: number; value: Decoded }
  | { kind: '$ext'; type: number; hex: string }
  | { kind: '$map'; entries: [Decoded, Decoded][] };

export function markerOf(d: Decoded): Marker | null {
  if (d === null || typeof d !== 'object' || Array.isArray(d)) return null;
  const keys = Object.keys(d);
  if (keys.length === 1) {
    const v = d[keys[0]];
    switch (keys[0]) {
      case '$bytes':
        return typeof v === 'string' ? { kind: '$bytes', hex: v } : null;
      case '$int':
        return typeof v === 'string' ? { kind: '$int', digits: v } : null;
      case '$date':
        return typeof v === 'string' ? { kind: '$date', iso: v } : null;
      case '$float':
        return typeof v === 'string' ? { kind: '$float', text: v } : null;
      case '$undefined':
        return { kind: '$undefined' };
      case '$map':
        return Array.isArray(v) && v.every((e) => Array.isArray(e) && e.length === 2) ? { kind: '$map', entries: v as [Decoded, Decoded][] } : null;
    }
    return null;
  }
  if (keys.length === 2 && typeof d.$tag === 'number' && 'value' in d) return { kind: '$tag', tag: d.$tag, value: d.value };
  if (keys.length === 2 && typeof d.$ext === 'number' && typeof d.data === 'string') return { kind: '$ext', type: d.$ext, hex: d.data };
  return null;
}

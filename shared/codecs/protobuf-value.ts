import protobuf, { type Enum, type Type } from 'protobufjs';

const { util } = protobuf;
import type { Decoded } from './decoded.js';
import { toHex } from '../hex.js';

const LONGS = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

/**
 * A decoded protobuf message as a Decoded tree, field by field from the
 * type's reflection: 64-bit integers as `{"$int": digits}` (never a rounded
 * number), bytes as `{"$bytes": hex}`, enums by name, the set member of a
 * oneof named, nested messages, repeated fields and maps in kind.
 */
export function protobufValue(type: Type, message: object): Decoded {
  const plain = type.toObject(message as never, { longs: String, enums: String, bytes: String, oneofs: true }) as Record<string, unknown>;
  return walk(type, plain);
}

function walk(type: Type, plain: Record<string, unknown>): Decoded {
  const out: Record<string, Decoded> = {};
  for (const [key, v] of Object.entries(plain)) {
    const field = type.fields[key];
    out[key] = field ? fieldValue(field.type, field.resolvedType as Type | null, v) : (v as Decoded);
  }
  return out;
}

function fieldValue(kind: string, resolved: Type | null, v: unknown): Decoded {
  if (Array.isArray(v)) return v.map((x) => fieldValue(kind, resolved, x));
  if (v && typeof v === 'object' && !(resolved && 'fields' in resolved)) {
    // a map field: its values are of the field's type
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fieldValue(kind, resolved, x)]));
  }
  if (resolved && 'fields' in resolved && v && typeof v === 'object') return walk(resolved, v as Record<string, unknown>);
  if (LONGS.has(kind) && typeof v === 'string') return { $int: v };
  if (kind === 'bytes' && typeof v === 'string') return { $bytes: toHex(Uint8Array.from(atob(v), (c) => c.charCodeAt(0))) };
  return v as Decoded;
}

/**
 * A value from fromDecoded as protobufjs takes it, field by field from the
 * type: 64-bit integers as Longs of the field's signedness, so verify()
 * checks them as protobufjs's own decoder would give them.
 */
export function protobufInput(type: Type, v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => {
      const field = type.fields[k];
      return [k, field ? inputOf(field.type, field.resolvedType, x) : x];
    }),
  );
}

function inputOf(kind: string, resolved: Type | Enum | null, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => inputOf(kind, resolved, x));
  if (resolved && 'fields' in resolved) return protobufInput(resolved, v);
  // an enum by its name, as decoding shows it; a name it lacks stays, for verify() to name
  if (resolved && 'values' in resolved && typeof v === 'string' && Object.hasOwn(resolved.values, v)) return resolved.values[v];
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inputOf(kind, resolved, x)]));
  if (LONGS.has(kind) && (typeof v === 'bigint' || (typeof v === 'string' && /^-?\d+$/.test(v)))) return (util.Long as unknown as { fromString(s: string, unsigned: boolean): unknown }).fromString(String(v), kind === 'uint64' || kind === 'fixed64');
  return v;
}

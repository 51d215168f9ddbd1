import type { EngineEvent } from '../protocol/events.js';
import type { LogEvent } from '../../shared/log-events.js';
import { parseHex, toHex } from '../../shared/hex.js';
import { TextSwap } from './text-swap.js';
import type { Enrichment } from './to-log-event.js';

/** A secret variable of the workspace and its value. */
export interface Secret {
  name: string;
  value: string;
}

/** What stands where a secret's value was: the variable that holds it, as the person wrote it. */
export const secretMarker = (name: string) => `{{${name}}}`;

/**
 * Each secret's value, and the percent-encoded forms a URL carries it in,
 * swapped for its marker; null when no secret has a value.
 */
export function secretMask(secrets: Secret[]): TextSwap | null {
  return TextSwap.of(secrets.flatMap(({ name, value }) => [value, ...urlForms(value)].map((form): [string, string] => [form, secretMarker(name)])));
}

/** The value as the URL parser writes it in a query and in a path, and as encodeURIComponent does: only forms that still hold all of it. */
function urlForms(value: string): string[] {
  const forms = [encodeURIComponent(value)];
  try {
    forms.push(new URL(`ws://h/?${value}`).search.slice(1), new URL(`ws://h/${value}`).pathname.slice(1));
  } catch {
    // not a URL part at all: the plain forms do
  }
  return forms.filter((f) => {
    try {
      return decodeURIComponent(f) === value;
    } catch {
      return false;
    }
  });
}

/** The reverse, for an export the person asked to have unmasked and for replays: each marker swapped for the value it has now (the first given for a name). */
export function secretUnmask(secrets: Secret[]): TextSwap | null {
  return TextSwap.of(secrets.map(({ name, value }): [string, string] => [secretMarker(name), value]));
}

/** Fields of the rarer events that hold text from the connection's settings or its peer. */
const TEXT_FIELDS = ['url', 'statusText', 'body', 'protocol', 'extensions', 'reason', 'sentReason', 'message', 'proxy'] as const;

function swapFields<T extends object>(swap: TextSwap, o: T): T {
  const out = { ...o } as Record<string, unknown>;
  for (const k of TEXT_FIELDS) {
    const v = out[k];
    if (typeof v === 'string') out[k] = swap.text(v);
  }
  if (Array.isArray(out.headers)) out.headers = out.headers.map(([n, v]: [string, string]) => [swap.text(n), swap.text(v)]);
  return out as T;
}

/** An engine event and its enrichment as the log keeps them: swapped before they are serialized. */
export function swapEngineEvent(swap: TextSwap, e: EngineEvent, extra: Enrichment | undefined): { e: EngineEvent; extra: Enrichment | undefined } {
  if (e.type === 'frame') {
    const payload = swap.bytes(e.payload);
    return { e: payload === e.payload ? e : { ...e, payload }, extra };
  }
  if (e.type === 'message') {
    const data = swap.bytes(e.data);
    return { e: data === e.data ? e : { ...e, data }, extra };
  }
  return { e: swapFields(swap, e), extra: extra && swapFields(swap, extra) };
}

/** A logged event (an export's, a replay's) with its text and payloads swapped. */
export function swapLogEvent(swap: TextSwap, e: LogEvent): LogEvent {
  const hex = (h: string) => {
    const bytes = parseHex(h);
    const swapped = swap.bytes(bytes);
    return swapped === bytes ? h : toHex(swapped);
  };
  if (e.type === 'frame') return { ...e, payload: hex(e.payload) };
  if (e.type === 'message') return e.text !== undefined ? { ...e, text: swap.text(e.text) } : e.data !== undefined ? { ...e, data: hex(e.data) } : e;
  return swapFields(swap, e);
}

import type { Type } from 'protobufjs';
import { decode, detect } from '../codecs/codecs.js';
import { CODEC_NAMES, type CodecChoice, type CodecId } from '../codecs/codec-ids.js';
import type { Decoded } from '../codecs/decoded.js';
import { parseHex } from '../hex.js';
import type { RowContent, RowDecoder } from '../log-filter.js';
import type { HelperId } from '../subprotocols/helpers.js';
import { layerOf, type LayerView } from '../subprotocols/layer.js';
import type { SocketIoDecoder } from '../subprotocols/socketio.js';

/**
 * A message's decoded layer, as the inspector and the messages view show it.
 * Nothing here throws: a payload that does not decode says why (with the
 * byte offset when the decoder tells it), and the hex is shown instead.
 */
export interface MessageDecoding {
  /** the codec that decoded the payload; null: none did, it shows as hex */
  codec: CodecId | null;
  /** the codec was detected (auto), not chosen */
  detected?: true;
  value?: Decoded;
  /** why the codec chosen (or the protobuf type set) could not read it */
  error?: string;
  offset?: number;
  layer?: LayerView;
}

/** What a message is decoded with: the codec choice, the helper in force, and the protobuf types of each direction. */
export interface DecodeContext {
  codec: CodecChoice;
  helper: HelperId | null;
  protobuf?: { in?: Type; out?: Type };
  /** why a direction's protobuf type could not be had (not in the .proto files), said on its messages */
  problems?: { in?: string; out?: string };
}

export function decodeMessage(bytes: Uint8Array, opcode: number, dir: 'in' | 'out', ctx: DecodeContext, socketio?: SocketIoDecoder): MessageDecoding {
  const out = decodePayload(bytes, opcode, ctx.codec, dir === 'in' ? ctx.protobuf?.in : ctx.protobuf?.out, ctx.problems?.[dir]);
  if (ctx.helper) out.layer = layerOf(ctx.helper, bytes, opcode, socketio);
  return out;
}

function decodePayload(bytes: Uint8Array, opcode: number, codec: CodecChoice, type: Type | undefined, typeProblem: string | undefined): MessageDecoding {
  if (codec !== 'auto') {
    if (codec === 'protobuf' && !type) return { codec: null, error: `Protobuf: ${typeProblem ?? 'no message type set for this direction (Options, Payloads)'}` };
    const r = decode(codec, bytes, { protobuf: type });
    return r.ok ? { codec, value: r.value } : { codec: null, error: `${CODEC_NAMES[codec]}: ${r.error}`, ...(r.offset !== undefined ? { offset: r.offset } : {}) };
  }
  if (opcode === 1) {
    const text = decode('text', bytes);
    if (!text.ok) return { codec: null, error: `Text: ${text.error}` };
    const t = (text.value as string).trimStart();
    // JSON only where it looks like it: a bare `42` is Socket.IO, not the number 42
    if (t[0] === '{' || t[0] === '[') {
      const json = decode('json', bytes);
      if (json.ok) return { codec: 'json', value: json.value };
    }
    return { codec: 'text', value: text.value };
  }
  if (type) {
    // a type set for this direction is what the person expects these bytes to be
    const r = decode('protobuf', bytes, { protobuf: type });
    if (r.ok) return { codec: 'protobuf', value: r.value };
  }
  const found = detect(bytes);
  if (!found) return { codec: null };
  const r = decode(found, bytes);
  return r.ok ? { codec: found, detected: true, value: r.value } : { codec: null };
}

/** What the log's JSON filter reads of a decoded message: the subprotocol layer when it read, else the payload's value. */
export function filterValue(d: MessageDecoding): Decoded | undefined {
  return d.layer && !d.layer.error ? d.layer.value : d.value;
}

/** A log filter's decoder: a row's content, decoded in context (the rows' own bytes, one message at a time). */
export function rowDecoder(ctx: DecodeContext): RowDecoder {
  const text = new TextEncoder();
  return (c: RowContent) => {
    const m = c.message;
    if (!m) return null;
    const d = decodeMessage(m.opcode === 2 ? parseHex(m.hex) : text.encode(c.text), m.opcode, m.dir, ctx);
    return { value: filterValue(d), subject: d.layer?.subject };
  };
}

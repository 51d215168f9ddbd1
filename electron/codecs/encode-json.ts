import { encode, EncodeError } from '../../shared/codecs/codecs.js';
import type { BinaryCodec } from '../../shared/codecs/codec-ids.js';
import type { Decoded } from '../../shared/codecs/decoded.js';
import { CallError } from '../../shared/ipc/api.js';
import type { ProtoTypes } from './proto-types.js';

/**
 * JSON text, as the composer or a saved message holds it, as the bytes of a
 * codec. Markers ({"$bytes": hex}, {"$int": digits}, ...) write what JSON
 * lacks. Every problem is a CallError for a person: where the JSON breaks,
 * which field the protobuf type refuses.
 */
export async function encodeJson(codec: BinaryCodec, json: string, messageType: string | undefined, protos: ProtoTypes | undefined): Promise<Uint8Array> {
  let value: Decoded;
  try {
    value = JSON.parse(json) as Decoded;
  } catch (e) {
    throw new CallError('INVALID_INPUT', `not JSON: ${(e as Error).message}`);
  }
  return encodeValue(codec, value, messageType, protos);
}

/** A value (a Decoded tree, markers and all) as the bytes of a codec; protobuf as `messageType` from the .proto files. Problems as encodeJson's. */
export async function encodeValue(codec: BinaryCodec, value: Decoded, messageType: string | undefined, protos: ProtoTypes | undefined): Promise<Uint8Array> {
  let type;
  if (codec === 'protobuf') {
    if (!messageType) throw new CallError('INVALID_INPUT', 'protobuf needs a message type (from the workspace .proto files)');
    if (!protos) throw new CallError('NOT_FOUND', 'no workspace is open here: protobuf types cannot be read');
    type = await protos.type(messageType);
  }
  try {
    return encode(codec, value, { protobuf: type });
  } catch (e) {
    if (e instanceof EncodeError) throw new CallError('INVALID_INPUT', e.message);
    throw e;
  }
}

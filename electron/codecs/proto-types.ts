import type { Type } from 'protobufjs';
import type { ProtoListing } from '../../shared/decoding/decoding-schema.js';

/**
 * Where protobuf message types come from: the workspace's .proto files
 * (electron/workspace/proto-files.ts). The codecs see only this, so they
 * import nothing of the workspace.
 */
export interface ProtoTypes {
  /** a message type by full name; throws a CallError naming what is missing */
  type(name: string): Promise<Type>;
}

/** The .proto files themselves, listed and written (protos.list, protos.save). */
export interface ProtoStore extends ProtoTypes {
  list(): Promise<ProtoListing>;
  save(name: string, content: string): Promise<ProtoListing>;
}

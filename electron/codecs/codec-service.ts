import { toHex } from '../../shared/hex.js';
import type { HandlersFor } from '../ipc/dispatch.js';
import { encodeJson } from './encode-json.js';
import type { ProtoStore } from './proto-types.js';

/**
 * The calls that need the codecs but no connection: the composer's preview
 * of encoded bytes, and the workspace's .proto files. Imports no Electron.
 */
export class CodecService {
  constructor(private readonly protos: ProtoStore) {}

  readonly handlers: HandlersFor<'codec' | 'protos'> = {
    'codec.encode': async ({ codec, json, messageType }) => {
      const bytes = await encodeJson(codec, json, messageType, this.protos);
      return { hex: toHex(bytes), length: bytes.length };
    },
    'protos.list': () => this.protos.list(),
    'protos.save': ({ name, content }) => this.protos.save(name, content),
  };
}

import { z } from 'zod';
import { LIMITS, str } from '../limits.js';
import { CodecChoice } from '../codecs/codec-ids.js';
import { HelperChoice } from '../subprotocols/helpers.js';

/** A protobuf message type by its full name (`package.Message`), from the workspace's .proto files. */
export const ProtoTypeName = str(LIMITS.name).regex(/^\.?[A-Za-z_][\w.]*$/, 'must be a message type such as market.Trade');

/**
 * How a log's messages are read: the codec (or detection), the subprotocol
 * helper, and the protobuf message type of each direction. The log calls
 * take it from the tab's settings, so switching it re-reads the rows.
 */
export const DecodingSettings = z.object({
  codec: CodecChoice.default('auto'),
  helper: HelperChoice.default('auto'),
  protoIn: ProtoTypeName.optional(),
  protoOut: ProtoTypeName.optional(),
});
export type DecodingSettings = z.output<typeof DecodingSettings>;

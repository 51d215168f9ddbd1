import type { FrameHeader } from './frame.js';
import { isControl, isReserved } from './opcodes.js';
import { violation, type Violation } from './errors.js';
import type { MessageAssembler } from './message-assembler.js';

/**
 * What is wrong with a received frame's header, in the order checked
 * (RFC 6455 sections 5.2 and 5.5, RFC 7692 for RSV1), before any of its
 * payload is buffered. `assembler` checks a data frame against its message
 * (fragment order, the message's size); null once data frames are no longer
 * assembled (after the server's close). Every other frame is measured
 * alone: one after the close is only logged, but a header claiming 2^52
 * bytes would otherwise keep all that follows.
 */
export function headerViolations(h: FrameHeader, deflate: boolean, maxPayload: number, assembler: MessageAssembler | null): Violation[] {
  const found: Violation[] = [];
  const control = isControl(h.opcode);
  const reserved = isReserved(h.opcode);
  if (h.rsv1 && (!deflate || control)) {
    found.push(violation('WS_ERR_UNEXPECTED_RSV_1', 1002, control ? 'RSV1 is set on a control frame' : 'RSV1 is set but no extension was negotiated', true));
  }
  if (h.rsv2) found.push(violation('WS_ERR_UNEXPECTED_RSV_2', 1002, 'RSV2 is set but no extension defines it', true));
  if (h.rsv3) found.push(violation('WS_ERR_UNEXPECTED_RSV_3', 1002, 'RSV3 is set but no extension defines it', true));
  if (reserved) found.push(violation('WS_ERR_INVALID_OPCODE', 1002, `reserved opcode 0x${h.opcode.toString(16)}`, true));
  if (h.masked) found.push(violation('WS_ERR_UNEXPECTED_MASK', 1002, 'the server masked a frame', true));
  if (control && !reserved) {
    if (!h.fin) found.push(violation('WS_ERR_EXPECTED_FIN', 1002, 'a control frame is fragmented'));
    if (h.length > 125) found.push(violation('WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH', 1002, `a control frame has a ${h.length}-byte payload (at most 125)`, true));
  }
  if (assembler && !control && !reserved) {
    const v = assembler.checkHeader(h);
    if (v) found.push(v);
  } else if (h.length > maxPayload) {
    found.push(violation('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', 1009, `the frame is larger than the limit of ${maxPayload} bytes`));
  }
  return found;
}

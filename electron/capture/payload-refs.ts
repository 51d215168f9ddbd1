import type { LogEvent } from '../../shared/log-events.js';

/** A recording's message line that names the frame holding its payload (the serializer's payloadOnce). */
export type RefMessage = Extract<LogEvent, { type: 'message' }> & { payloadOf: number };

export function isRef(e: LogEvent): e is RefMessage {
  return e.type === 'message' && typeof (e as { payloadOf?: unknown }).payloadOf === 'number';
}

/**
 * The message as the contract writes it: its text or data from the frame's
 * payload, in the place (last) the reference held. A frame read as a preview
 * makes a preview of the message too.
 */
export function resolveRef(m: RefMessage, frame: LogEvent | undefined): LogEvent {
  const { payloadOf, ...rest } = m;
  if (frame?.type !== 'frame') throw new Error(`message ${m.seq} names frame ${payloadOf}, which is not a frame`);
  const text = m.opcode === 1 && !m.invalidUtf8;
  const whole = { ...rest, ...(text ? { text: Buffer.from(frame.payload, 'hex').toString('utf8') } : { data: frame.payload }) };
  return frame.truncated ? { ...whole, truncated: true } : whole;
}

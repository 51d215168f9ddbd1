import { describe, expect, it } from 'vitest';
import { framePreview, messagePreview } from '../../renderer/src/features/log/frame-preview';
import type { FrameLogEvent, MessageLogEvent } from '../../shared/log-events';

const hex = (s: string) => Buffer.from(s).toString('hex');
const frame = (opcode: number, payload: string, more: Partial<FrameLogEvent> = {}): FrameLogEvent => ({
  type: 'frame',
  seq: 1,
  t: 0,
  dir: 'in',
  fin: true,
  rsv1: false,
  rsv2: false,
  rsv3: false,
  masked: false,
  opcode,
  maskKey: null,
  length: payload.length / 2,
  payload,
  ...more,
});

describe('a frame on one line of the log', () => {
  it('shows readable text as text, on one line', () => {
    expect(framePreview(frame(1, hex('hello\nworld')))).toBe('hello⏎world');
  });

  it('shows binary, and text that is not readable, as hex', () => {
    expect(framePreview(frame(2, '00ff10'))).toBe('00ff10');
    expect(framePreview(frame(1, hex('a\u0001b')))).toBe(hex('a\u0001b'));
  });

  it('shows a close frame as its code, the code name and the reason', () => {
    expect(framePreview(frame(8, '03e8' + hex('bye')))).toBe('1000 Normal Closure "bye"');
    expect(framePreview(frame(8, ''))).toBe('(no code)');
    expect(framePreview(frame(8, '03'))).toBe('(03)');
  });

  it('marks a compressed frame, and a payload cut short', () => {
    expect(framePreview(frame(1, 'aabb', { rsv1: true }))).toBe('(compressed) aabb');
    expect(framePreview(frame(1, hex('abc'), { truncated: true }))).toBe('abc…');
    expect(framePreview(frame(2, 'ab'.repeat(200)))).toBe('ab'.repeat(120) + '…');
  });
});

describe('a message on one line of the log', () => {
  const message = (more: Partial<MessageLogEvent>): MessageLogEvent => ({ type: 'message', seq: 2, t: 0, dir: 'in', opcode: 1, length: 0, ...more });

  it('shows text as delivered, binary as hex', () => {
    expect(messagePreview(message({ text: 'a\r\nb' }))).toBe('a⏎b');
    expect(messagePreview(message({ opcode: 2, data: '0001' }))).toBe('0001');
    expect(messagePreview(message({ text: 'cut', truncated: true }))).toBe('cut…');
  });
});

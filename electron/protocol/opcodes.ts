export const Opcode = {
  Continuation: 0x0,
  Text: 0x1,
  Binary: 0x2,
  Close: 0x8,
  Ping: 0x9,
  Pong: 0xa,
} as const;

const names: Record<number, string> = {
  0x0: 'continuation',
  0x1: 'text',
  0x2: 'binary',
  0x8: 'close',
  0x9: 'ping',
  0xa: 'pong',
};

export function opcodeName(opcode: number): string {
  return names[opcode] ?? `reserved-${opcode.toString(16)}`;
}

export function isControl(opcode: number): boolean {
  return (opcode & 0x8) !== 0;
}

export function isReserved(opcode: number): boolean {
  return names[opcode] === undefined;
}

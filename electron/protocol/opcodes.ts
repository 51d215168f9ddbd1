export const Opcode = {
  Continuation: 0x0,
  Text: 0x1,
  Binary: 0x2,
  Close: 0x8,
  Ping: 0x9,
  Pong: 0xa,
} as const;

const KNOWN = new Set<number>(Object.values(Opcode));

export function isControl(opcode: number): boolean {
  return (opcode & 0x8) !== 0;
}

export function isReserved(opcode: number): boolean {
  return !KNOWN.has(opcode);
}

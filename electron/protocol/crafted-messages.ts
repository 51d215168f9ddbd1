/**
 * The data messages that crafted frames make on the wire, as the server
 * will read them: a text or binary frame starts one, continuations add to
 * it, FIN ends it (control frames may come between). What makes no message
 * ends the one in progress untold: a continuation with none started, a
 * start before the last one ended, RSV1 (a compression we did not do), a
 * reserved opcode.
 */
export class CraftedMessages {
  private opcode: 1 | 2 | null = null;
  private parts: Uint8Array[] = [];

  /** The message this frame completes, if it completes one. */
  frame(opcode: number, fin: boolean, rsv1: boolean, payload: Uint8Array): { opcode: 1 | 2; data: Uint8Array } | null {
    if (opcode >= 8 && opcode <= 10) return null;
    const starts = opcode === 1 || opcode === 2;
    if (rsv1 || !(starts || (opcode === 0 && this.opcode !== null)) || (starts && this.opcode !== null)) {
      this.reset();
      return null;
    }
    if (starts) this.opcode = opcode;
    this.parts.push(payload);
    if (!fin) return null;
    const message = { opcode: this.opcode!, data: this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts) };
    this.reset();
    return message;
  }

  private reset(): void {
    this.opcode = null;
    this.parts = [];
  }
}

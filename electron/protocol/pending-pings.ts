/**
 * Our pings not yet answered. A pong answers the oldest one with the same
 * payload (contracts section 1: the pong's `rttMs`).
 */
export class PendingPings {
  private readonly pings: { id: number; payload: Uint8Array; sentAt: number }[] = [];
  private nextId = 1;

  /** Returns the ping's id, for answered(). */
  sent(payload: Uint8Array, at: number): number {
    const id = this.nextId++;
    this.pings.push({ id, payload, sentAt: at });
    return id;
  }

  answered(id: number): boolean {
    return !this.pings.some((p) => p.id === id);
  }

  /** The round trip of the ping this pong answers; undefined for a pong that answers none. */
  pong(payload: Uint8Array, at: number): number | undefined {
    const i = this.pings.findIndex((p) => Buffer.compare(p.payload, payload) === 0);
    if (i === -1) return undefined;
    const [p] = this.pings.splice(i, 1);
    return at - p.sentAt;
  }
}

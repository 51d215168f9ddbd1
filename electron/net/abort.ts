import { TransportError } from './net-errors.js';

/** Destroys a socket still connecting when the attempt is abandoned. */
export function abortWith(signal: AbortSignal | undefined, s: { destroy(): void }, reject: (e: Error) => void): void {
  signal?.addEventListener('abort', () => {
    s.destroy();
    reject(new TransportError('WS_ERR_ABORTED', 'the connection attempt was abandoned'));
  });
}

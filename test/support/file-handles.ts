import { readdirSync } from 'node:fs';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Where the process's open file descriptors can be counted (Linux); elsewhere the fd checks are skipped. */
export const CAN_COUNT_FDS = process.platform === 'linux';

/** How many file descriptors this process holds now. */
export function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

/** A full garbage collection now: heap sizes measured without garbage, and a FileHandle dropped unclosed is found (DEP0137). */
export function collectGarbage(): void {
  // the test workers run without --expose-gc; the flag makes gc() reachable from a new context
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

import { expect } from 'vitest';
import { CallError } from '../../shared/ipc/api.js';

/** The CallError a call is refused with; a call that succeeds fails the test, naming what it answered. */
export async function callError(p: Promise<unknown>): Promise<CallError> {
  const e = await p.then(
    (v) => {
      throw new Error(`expected a CallError, got ${JSON.stringify(v)}`);
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(CallError);
  return e as CallError;
}

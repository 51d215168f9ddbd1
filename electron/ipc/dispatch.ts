import type { z } from 'zod';
import { calls, type CallArgs, type CallName, type CallOutput } from '../../shared/ipc/schemas.js';
import { CallError } from '../../shared/ipc/api.js';

type Handler<C extends CallName> = (args: CallArgs<C>) => Promise<CallOutput<C>> | CallOutput<C>;
export type Handlers = { [C in CallName]: Handler<C> };
/** The calls named `<prefix>.*`: each service serves its part of the contract, and the transports join them into Handlers. */
export type HandlersFor<P extends string> = { [C in Extract<CallName, `${P}.${string}`>]: Handler<C> };

/**
 * Validates a call where it arrives, then runs its handler. Whatever the
 * transport, a malformed call gets a CallError naming the problem.
 */
export async function dispatch(handlers: Partial<Handlers>, name: unknown, input: unknown): Promise<unknown> {
  if (typeof name !== 'string' || !Object.hasOwn(calls, name)) {
    throw new CallError('UNKNOWN_CALL', `unknown call ${JSON.stringify(name)}`);
  }
  const c = name as CallName;
  const parsed = calls[c].input.safeParse(input);
  if (!parsed.success) {
    // an oversized field is named first: it is the one problem the caller must fix by sending less
    const tooLarge = parsed.error.issues.find(isOversized);
    const issue = tooLarge ?? parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : 'input';
    throw new CallError(tooLarge ? 'TOO_LARGE' : 'INVALID_INPUT', `${c}: ${where} ${issue.message}`);
  }
  // the transports pass every handler (typed Handlers); one service alone (in its tests) serves its own part
  const handler = handlers[c] as ((a: unknown) => unknown) | undefined;
  if (!handler) throw new CallError('UNKNOWN_CALL', `${c} is not served here`);
  return await handler(parsed.data);
}

/** A string, array or record over its maximum; a number out of range is a plain invalid input. */
function isOversized(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'too_big' && issue.origin !== 'number' && issue.origin !== 'int' && issue.origin !== 'bigint' && issue.origin !== 'date';
}

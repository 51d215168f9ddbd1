import { calls, type CallArgs, type CallName, type CallOutput } from '../../shared/ipc/schemas.js';
import { CallError } from '../../shared/ipc/api.js';
import { CommandError } from '../protocol/client.js';

export type Handlers = { [C in CallName]: (args: CallArgs<C>) => Promise<CallOutput<C>> | CallOutput<C> };

/**
 * Validates a call where it arrives, then runs its handler. Whatever the
 * transport, a malformed call gets a CallError naming the problem.
 */
export async function dispatch(handlers: Handlers, name: unknown, input: unknown): Promise<unknown> {
  if (typeof name !== 'string' || !Object.hasOwn(calls, name)) {
    throw new CallError('UNKNOWN_CALL', `unknown call ${JSON.stringify(name)}`);
  }
  const c = name as CallName;
  const parsed = calls[c].input.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : 'input';
    throw new CallError('INVALID_INPUT', `${c}: ${where} ${issue.message}`);
  }
  try {
    return await (handlers[c] as (a: unknown) => unknown)(parsed.data);
  } catch (e) {
    if (e instanceof CallError) throw e;
    if (e instanceof CommandError) throw new CallError('COMMAND', e.message);
    throw e;
  }
}

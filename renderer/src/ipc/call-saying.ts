import { api } from './api';
import type { CallInput, CallName, CallOutput } from '../../../shared/ipc/schemas';

/**
 * Runs a call and says how it went where the person acted: `say(null)`
 * once it succeeds (a problem shown before goes), `say(message)` when it
 * fails, with the main process's own words; a failure resolves to null.
 */
export async function callSaying<C extends CallName>(name: C, input: CallInput<C>, say: (problem: string | null) => void): Promise<CallOutput<C> | null> {
  try {
    const out = await api.call(name, input);
    say(null);
    return out;
  } catch (e) {
    say((e as Error).message);
    return null;
  }
}

import type { SavedMessage } from '../../../../shared/workspace';

/** A draft as a profile saves it (without its name), or the problem that keeps it from being saved. */
export type Draft = DistributiveOmit<SavedMessage, 'name'> | { error: string };
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/**
 * The Composer's draft, readable from outside it: the draft lives in the
 * Composer's own state, so the profiles sidebar asks the Composer on screen
 * for it when saving it as a named message.
 */
let current: (() => Draft) | null = null;

/** Registers the draft of the Composer on screen; returns the unregister function (for a React effect's cleanup). */
export function registerComposerDraft(read: () => Draft): () => void {
  current = read;
  return () => {
    if (current === read) current = null;
  };
}

/** The draft on screen, if a Composer is shown. */
export function composerDraft(): Draft {
  return current ? current() : { error: 'open the Compose tab to write the message' };
}

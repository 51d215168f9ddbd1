/**
 * The Composer's Send, reachable from outside it: the draft lives in the
 * Composer's own state, so the desktop menu's Send (and its shortcut) asks
 * the Composer on screen to send it, exactly as its button would.
 */
let current: (() => void) | null = null;

/** Registers the Send of the Composer on screen; returns the unregister function (for a React effect's cleanup). */
export function registerComposerSend(send: () => void): () => void {
  current = send;
  return () => {
    if (current === send) current = null;
  };
}

/** Sends the draft on screen, if a Composer is shown. */
export function sendFromComposer(): void {
  current?.();
}

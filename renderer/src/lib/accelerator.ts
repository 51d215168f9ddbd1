/** Whether a key press is the Electron accelerator `acc` (such as CmdOrCtrl+Shift+C): browser mode answers the menu's shortcuts itself. */
export function isAccelerator(e: KeyboardEvent, acc: string): boolean {
  const parts = acc.split('+');
  const key = parts.pop()!;
  const mac = /Mac|iPhone|iPad/.test(navigator.platform);
  const want = { ctrl: false, meta: false, shift: parts.includes('Shift'), alt: parts.includes('Alt') };
  if (parts.includes('CmdOrCtrl')) want[mac ? 'meta' : 'ctrl'] = true;
  if (e.ctrlKey !== want.ctrl || e.metaKey !== want.meta || e.shiftKey !== want.shift || e.altKey !== want.alt) return false;
  return key.length === 1 ? e.key.toLowerCase() === key.toLowerCase() : e.key === key;
}

/** How a shortcut is written for this platform's keyboard: Ctrl+Shift+C, or ⌘⇧C on a Mac. */
export function shortcutLabel(acc: string): string {
  const mac = /Mac|iPhone|iPad/.test(navigator.platform);
  return mac ? acc.replace('CmdOrCtrl+', '⌘').replace('Shift+', '⇧').replace('Alt+', '⌥') : acc.replace('CmdOrCtrl', 'Ctrl');
}

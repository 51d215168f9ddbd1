import { create } from 'zustand';

/** Whether the keyboard shortcut sheet is open (the ? key, the Help menu, or its button). */
export const useShortcutSheet = create<{ open: boolean }>()(() => ({ open: false }));

export function openShortcutSheet(): void {
  useShortcutSheet.setState({ open: true });
}

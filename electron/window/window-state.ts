import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';

/** Where the window was and how big, saved in the user's data directory between runs. */
const WindowState = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean().default(false),
});
export type WindowState = z.output<typeof WindowState>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 };
/** How much of the window must be on a screen for the saved place to count (its title bar can be grabbed). */
const MIN_VISIBLE = { width: 120, height: 60 };

/** The saved state, or null when there is none or it is unreadable: then the window simply opens at the default place. */
export async function loadWindowState(file: string): Promise<WindowState | null> {
  try {
    const parsed = WindowState.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Saves synchronously, because it runs as the window closes and the app may
 * quit right after; atomically, so a crash mid-write leaves the old file.
 */
export function saveWindowState(file: string, state: WindowState): void {
  writeFileAtomic.sync(file, JSON.stringify(state, null, 2) + '\n');
}

/**
 * Where to open the window: the saved place when enough of it is still on one
 * of today's screens (a monitor may have gone), shrunk to fit that screen;
 * otherwise the default size, centred by Electron.
 */
export function placeWindow(saved: WindowState | null, workAreas: Rect[]): { bounds: Partial<Rect> & { width: number; height: number }; maximized: boolean } {
  if (saved) {
    const area = workAreas.find((a) => overlap(saved, a).width >= MIN_VISIBLE.width && overlap(saved, a).height >= MIN_VISIBLE.height);
    if (area) {
      return {
        bounds: { x: saved.x, y: saved.y, width: Math.min(saved.width, area.width), height: Math.min(saved.height, area.height) },
        maximized: saved.maximized,
      };
    }
  }
  return { bounds: { ...DEFAULT_SIZE }, maximized: saved?.maximized ?? false };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

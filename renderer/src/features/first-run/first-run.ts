import { create } from 'zustand';
import { useTabs } from '../../store/app-store';

const KEY = 'framescope-first-run-done';

/** Whether the first-run hint is still to be shown: until dismissed, or until a first connection opens. */
export const useFirstRun = create<{ showing: boolean }>()(() => ({ showing: localStorage.getItem(KEY) === null }));

export function dismissFirstRun(): void {
  localStorage.setItem(KEY, 'true');
  useFirstRun.setState({ showing: false });
}

let started = false;

/** A connection that opened has shown the way: the hint is not needed again. */
export function followFirstRun(): void {
  if (started || !useFirstRun.getState().showing) return;
  started = true;
  const stop = useTabs.subscribe((w) => {
    if (!w.order.some((id) => w.tabs[id].phase === 'open')) return;
    stop();
    dismissFirstRun();
  });
}

/** Asks the sidebar to unfold and put the cursor in the profile's name (the sidebar listens). */
export const SHOW_PROFILES_EVENT = 'framescope-show-profiles';

export function showProfiles(): void {
  dispatchEvent(new Event(SHOW_PROFILES_EVENT));
}

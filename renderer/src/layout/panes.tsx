import { Separator, useDefaultLayout, type GroupProps } from 'react-resizable-panels';

/**
 * A group's layout as the person left it, kept in localStorage (one window
 * per origin, so per window): the panes come back where they were after a
 * reload or the next start. Groups that show other panels in another mode
 * (a read-only recording has no composer) name those panels.
 */
export function useRememberedLayout(id: string, panelIds?: string[]): Pick<GroupProps, 'defaultLayout' | 'onLayoutChanged'> {
  const { defaultLayout, onLayoutChanged } = useDefaultLayout({ id: `framescope-layout-${id}`, panelIds, storage: localStorage, onlySaveAfterUserInteractions: true });
  return { defaultLayout, onLayoutChanged };
}

/** The handle between two panes: drag it, or focus it and use the arrow keys. */
export function ResizeHandle({ label, vertical }: { label: string; vertical?: boolean }) {
  return <Separator className={`resize-handle${vertical ? ' vertical' : ''}`} aria-label={label} />;
}

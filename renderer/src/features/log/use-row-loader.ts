import { useEffect, useState } from 'react';
import { api } from '../../ipc/api';
import { useApp, useWorkspace } from '../../store/app-store';
import { RowLoader } from './row-loader';

/**
 * The active tab's row loader, fed by the store without re-rendering on
 * every summary: summaries wake the loader through a transient
 * subscription, and the view renders when rows come back, at most once per
 * animation frame.
 */
export function useRowLoader(): RowLoader {
  const sessionId = useApp((s) => s.sessionId);
  const filter = useApp((s) => s.filter);
  const [, setVersion] = useState(0);
  const [loader] = useState(() => {
    let frame = 0;
    return new RowLoader(
      (r) => api.call('log.frames', r),
      () => {
        frame ||= requestAnimationFrame(() => {
          frame = 0;
          setVersion((v) => v + 1);
        });
      },
    );
  });

  useEffect(() => loader.setSource(sessionId, filter), [loader, sessionId, filter]);

  useEffect(
    () =>
      useWorkspace.subscribe((w, before) => {
        const tab = w.tabs[w.active];
        if (tab && tab.revision !== before.tabs[before.active]?.revision) loader.logChanged(tab.rows);
      }),
    [loader],
  );

  useEffect(() => () => loader.dispose(), [loader]);
  return loader;
}

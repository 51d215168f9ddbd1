import { useEffect, useState } from 'react';
import { api } from '../../ipc/api';
import { useApp, useTabs } from '../../store/app-store';
import { RowLoader } from './row-loader';
import { decodingKey } from '../decoding/decoding';
import type { DecodingSettings } from '../../../../shared/decoding/decoding-settings';

const NONE: number[] = [];

/** The calls that page through a log's rows: its frames, or its messages (with control frames and errors). */
export type RowsCall = 'log.frames' | 'log.messages';

/**
 * The active tab's row loader for one view of its log, fed by the store
 * without re-rendering on every summary: summaries wake the loader through
 * a transient subscription, and the view renders when rows come back, at
 * most once per animation frame.
 */
export function useRowLoader(call: RowsCall): RowLoader {
  const sessionId = useApp((s) => s.sessionId);
  const filter = useApp((s) => s.filter);
  // how the log is decoded: message rows carry it, and JSON and subject filters read through it
  const decoding = useApp(decodingKey);
  // groups fold in the frame log only; the messages view lists whole messages already
  const collapsed = useApp((s) => (call === 'log.frames' ? s.collapsed : NONE));
  const [, setVersion] = useState(0);
  const [loader] = useState(() => {
    let frame = 0;
    return new RowLoader(
      ({ variant, ...r }) => api.call(call, { ...r, ...(variant ? { decoding: JSON.parse(variant) as DecodingSettings } : {}) }),
      () => {
        frame ||= requestAnimationFrame(() => {
          frame = 0;
          setVersion((v) => v + 1);
        });
      },
    );
  });

  useEffect(() => loader.setSource(sessionId, filter, decoding, collapsed), [loader, sessionId, filter, decoding, collapsed]);

  useEffect(
    () =>
      useTabs.subscribe((w, before) => {
        const tab = w.tabs[w.active];
        if (tab && tab.revision !== before.tabs[before.active]?.revision) loader.logChanged(call === 'log.frames' ? tab.rows : tab.messageRows);
      }),
    [loader, call],
  );

  useEffect(() => () => loader.dispose(), [loader]);
  return loader;
}

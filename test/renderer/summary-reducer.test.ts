import { describe, expect, it } from 'vitest';
import { activeTabId, addTab, applySnapshot, applySummary, patchTab, useApp } from '../../renderer/src/store/app-store';
import type { LogSummary } from '../../shared/ipc/events';

function summary(more: Partial<LogSummary>): LogSummary {
  return {
    sessionId: 's1',
    total: 0,
    rows: 0,
    messageRows: 0,
    frames: { in: 0, out: 0 },
    messages: { in: 0, out: 0 },
    bytes: { in: 0, out: 0 },
    logBytes: 0,
    capture: { state: 'recording', missing: 0, recordingId: null },
    notable: [],
    skippedNotable: 0,
    rtts: [],
    ...more,
  };
}

describe('a pushed log summary folded into its tab', () => {
  it('updates the counts and folds the notable events into the panels', () => {
    const tabId = activeTabId();
    patchTab(tabId, { sessionId: 's1' });
    const revision = useApp.getState().revision;
    applySummary(
      summary({
        total: 5,
        rows: 3,
        logBytes: 900,
        notable: [
          { type: 'state', seq: 0, t: 10, state: 'connecting' },
          { type: 'state', seq: 3, t: 20, state: 'open' },
          { type: 'error', seq: 4, t: 30, code: 'WS_ERR_PONG_TIMEOUT', message: 'no pong', fatal: false },
        ],
        rtts: [{ seq: 2, t: 15, rttMs: 4 }],
      }),
    );
    let s = useApp.getState();
    expect([s.total, s.rows, s.logBytes, s.phase, s.revision]).toEqual([5, 3, 900, 'open', revision + 1]);
    expect(s.timeline.map((e) => e.state)).toEqual(['connecting', 'open']);
    expect(s.errors.map((e) => e.code)).toEqual(['WS_ERR_PONG_TIMEOUT']);
    expect(s.rtts).toEqual([{ seq: 2, t: 15, rttMs: 4 }]);

    // a summary of another session's log leaves this tab alone
    applySummary(summary({ sessionId: 'other', total: 99 }));
    expect(useApp.getState().total).toBe(5);

    applySummary(summary({ total: 6, rows: 4, notable: [{ type: 'state', seq: 5, t: 40, state: 'closing' }] }));
    s = useApp.getState();
    expect([s.total, s.phase]).toEqual([6, 'closing']);
    expect(s.timeline.map((e) => e.state)).toEqual(['connecting', 'open', 'closing']);
    expect(s.errors).toHaveLength(1);
  });

  it('after a snapshot taken whole (a reattached tab), skips what the snapshot already told', () => {
    addTab();
    patchTab(activeTabId(), { sessionId: 's2' });
    const error = { type: 'error', seq: 1, t: 5, code: 'WS_ERR_PONG_TIMEOUT', message: 'no pong', fatal: false } as const;
    applySnapshot(summary({ sessionId: 's2', total: 2, notable: [{ type: 'state', seq: 0, t: 1, state: 'open' }, error] }));
    // the next push still carries the error (its notable list is since the last push the server made), and one more
    applySummary(summary({ sessionId: 's2', total: 3, notable: [error, { ...error, seq: 2, t: 6 }] }));
    expect(useApp.getState().errors.map((e) => e.seq)).toEqual([1, 2]);
  });
});

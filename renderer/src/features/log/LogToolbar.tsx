import { useState } from 'react';
import { useApp } from '../../store/app-store';
import type { ScanProgress } from '../../../../shared/ipc/events';
import { cancelScan, editFilter } from './filter-actions';
import { advancedCount } from '../../lib/filter-input';
import { LogCounters } from './LogCounters';
import { MoreFilters } from './MoreFilters';
import { ScanStatus } from './ScanStatus';
import { TextFilter } from './TextFilter';

const OPCODE_FILTERS: Record<string, number[] | undefined> = {
  all: undefined,
  data: [0, 1, 2],
  control: [8, 9, 10],
  text: [1],
  binary: [2],
  continuation: [0],
  ping: [9],
  pong: [10],
  close: [8],
};

interface Props {
  /** what the view lists */
  noun: 'frames' | 'messages';
  /** rows matching the filter so far */
  total: number;
  scan: ScanProgress | null;
  /** the main process refused the filter */
  refused: string | null;
  /** the scan was cancelled: read where it stopped */
  onCancelled: () => void;
}

/** Filters (text, direction, opcode; length, time and JSON under More filters), autoscroll, counters and a running filter's progress. */
export function LogToolbar({ noun, total, scan, refused, onCancelled }: Props) {
  const dir = useApp((s) => s.filterInput.dir);
  const opcodes = useApp((s) => s.filterInput.opcodes);
  const advanced = useApp((s) => advancedCount(s.filterInput));
  const problem = useApp((s) => s.filterProblem?.message ?? null);
  const autoscroll = useApp((s) => s.autoscroll);
  const [more, setMore] = useState(advanced > 0);

  const opcodeKey = Object.entries(OPCODE_FILTERS).find(([, v]) => JSON.stringify(v) === JSON.stringify(opcodes))?.[0] ?? 'all';

  return (
    <div className="log-tools">
      <div className="log-toolbar">
        <TextFilter />
        <label>
          Direction{' '}
          <select aria-label="Direction" value={dir ?? 'all'} onChange={(e) => editFilter({ dir: e.target.value === 'all' ? undefined : (e.target.value as 'in' | 'out') })}>
            <option value="all">all</option>
            <option value="out">out</option>
            <option value="in">in</option>
          </select>
        </label>
        <label>
          Opcode{' '}
          <select aria-label="Opcode" value={opcodeKey} onChange={(e) => editFilter({ opcodes: OPCODE_FILTERS[e.target.value] })}>
            {Object.keys(OPCODE_FILTERS).map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="secondary" aria-expanded={more} onClick={() => setMore(!more)}>
          More filters
        </button>
        {!more && advanced > 0 && <span className="hint">({advanced} set)</span>}
      </div>
      {more && <MoreFilters />}
      {(problem || refused) && (
        <p id="filter-problem" className="inline-error filter-problem" role="alert">
          {problem ? `${problem}. Meanwhile the log uses the last value that worked.` : refused}
        </p>
      )}
      <div className="log-toolbar">
        <label className="flag">
          <input type="checkbox" checked={autoscroll} onChange={(e) => useApp.setState({ autoscroll: e.target.checked })} /> Autoscroll
        </label>
        <ScanStatus scan={scan} onCancel={() => void cancelScan().then(onCancelled)} />
        <LogCounters total={total} noun={noun} />
      </div>
    </div>
  );
}

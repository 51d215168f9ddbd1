import type { ScanProgress } from '../../../../shared/ipc/events';
import { formatCount } from '../../lib/counts';

const matches = (n: number) => `${formatCount(n)} ${n === 1 ? 'match' : 'matches'}`;

/**
 * How far a filter over a large log has got, while the main process scans
 * it in the background (the rows found so far are listed meanwhile), and
 * where it stopped when the person cancelled it.
 */
export function ScanStatus({ scan, onCancel }: { scan: ScanProgress | null; onCancel: () => void }) {
  if (!scan || (scan.done && !scan.cancelled)) return null;
  if (scan.cancelled) {
    return (
      <span className="scan-status">
        Filter cancelled after {formatCount(scan.scanned)} of {formatCount(scan.of)} rows: {matches(scan.matches)}
      </span>
    );
  }
  return (
    <span className="scan-status">
      Filtering… {formatCount(scan.scanned)} of {formatCount(scan.of)} rows, {matches(scan.matches)}
      <progress aria-label="Filter progress" max={Math.max(1, scan.of)} value={scan.scanned} />
      <button type="button" className="secondary small" aria-label="Cancel filter" onClick={onCancel}>
        Cancel
      </button>
    </span>
  );
}

import { useState } from 'react';
import { setRetention, useRecordings } from './recordings-store';

const MB = 1024 * 1024;

/** Size-based retention, off until the person sets a limit; pinned recordings are never deleted. */
export function RetentionSetting() {
  const max = useRecordings((s) => s.retention.maxTotalBytes);
  const [mb, setMb] = useState(max === null ? '' : String(Math.round(max / MB)));
  // the box follows the saved limit when it changes (another window, a reload)
  const [followed, setFollowed] = useState(max);
  if (followed !== max) {
    setFollowed(max);
    setMb(max === null ? '' : String(Math.round(max / MB)));
  }
  const value = Number(mb);
  const valid = mb.trim() !== '' && Number.isFinite(value) && value > 0;

  return (
    <details className="retention">
      <summary>Retention: {max === null ? 'off (keep everything)' : `oldest deleted above ${Math.round(max / MB)} MB`}</summary>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) void setRetention(Math.round(value * MB));
        }}
      >
        <input aria-label="Retention limit (MB)" className="narrow" inputMode="numeric" placeholder="MB" value={mb} onChange={(e) => setMb(e.target.value)} />
        <button type="submit" className="small" disabled={!valid}>
          Apply limit
        </button>
        <button type="button" className="secondary small" disabled={max === null} onClick={() => void setRetention(null)}>
          Turn off
        </button>
      </form>
      <p className="hint">When all recordings together pass the limit, the oldest are deleted. Pinned recordings are never deleted.</p>
    </details>
  );
}

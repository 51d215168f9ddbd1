import { useApp } from '../../store/app-store';
import { formatCount } from '../../lib/counts';

/**
 * Whether the connection's log is whole, beside its state: the disk falling
 * behind (reading waits, nothing is lost) or a failed write (events are
 * missing). Plain text, not a second role=status: the state keeps that one.
 */
export function CaptureStatus() {
  const capture = useApp((s) => s.capture);
  if (!capture || capture.state === 'recording') return null;
  if (capture.state === 'paused') {
    return (
      <span className="capture capture-paused" title={capture.message ?? 'The disk is behind: reading from the socket waits until the log is written, so nothing is lost.'}>
        ⏸ Capture paused: disk behind, nothing lost
      </span>
    );
  }
  const missing = capture.missing > 0 ? `${formatCount(capture.missing)} ${capture.missing === 1 ? 'event' : 'events'} missing` : 'not written to disk';
  return (
    <span className="capture capture-stopped" title={capture.message ?? 'The log could not be written.'}>
      ⚠ Capture stopped: {missing}
    </span>
  );
}

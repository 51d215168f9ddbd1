import { useApp } from '../../store/app-store';
import { closeCodeName } from '../../../../shared/close-codes';
import { CaptureStatus } from '../connect/CaptureStatus';
import { StatePill } from './StatePill';

/**
 * The connection's result, always in view whatever pane is scrolled or
 * folded: its state, how it closed (code, reason, who, clean or not) and
 * the last error. The state pill is the page's one role=status; the rest
 * is plain text beside it, so the status never reads as another state.
 */
export function StatusStrip() {
  const close = useApp((s) => s.close);
  const protocol = useApp((s) => s.open?.protocol);
  const error = useApp((s) => s.errors[s.errors.length - 1] ?? null);
  return (
    <div className="status-strip" aria-label="Connection result" role="group">
      <StatePill />
      <CaptureStatus />
      {close && (
        <span className="strip-item">
          <span className="strip-key">Close</span> {close.code === null ? 'no code' : `${close.code} ${closeCodeName(close.code, protocol)}`}
          {close.reason && <> “{close.reason}”</>}
          <span className="strip-key">by</span> {close.initiator === 'none' ? 'neither (TCP ended)' : close.initiator}
          <span className={`strip-flag ${close.wasClean ? 'clean' : 'unclean'}`}>{close.wasClean ? 'clean' : 'not clean'}</span>
        </span>
      )}
      {error && (
        <span className={`strip-item strip-error${error.fatal ? '' : ' warning'}`} title={error.message}>
          <span className="strip-key">Last error</span> <code>{error.code}</code> {error.message}
        </span>
      )}
    </div>
  );
}

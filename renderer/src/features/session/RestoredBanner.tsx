import { RotateCcw } from 'lucide-react';
import { useApp } from '../../store/app-store';
import { connect } from '../../store/actions';

/**
 * Said in a tab restored from the saved workspace whose connection was live
 * when saved: it does not reconnect by itself (the server may be another one
 * by now, or not expect it), so it offers to.
 */
export function RestoredBanner() {
  const wasLive = useApp((s) => s.restored?.wasLive ?? false);
  const url = useApp((s) => s.settings.url);
  if (!wasLive) return null;
  return (
    <div className="restored" role="note" aria-label="Restored tab">
      <span>
        Restored from the saved workspace. This tab was connected to <code>{url}</code> when it was saved; it stays disconnected until you reconnect. The log shows its last recording.
      </span>
      <button type="button" className="small" onClick={() => void connect()}>
        <RotateCcw size={14} aria-hidden />
        Reconnect
      </button>
      <button type="button" className="secondary small" onClick={() => useApp.setState((s) => ({ restored: s.restored && { ...s.restored, wasLive: false } }))}>
        Not now
      </button>
    </div>
  );
}

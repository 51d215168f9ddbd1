import { useApp } from '../../store/app-store';
import { tabLabel } from '../../lib/tab-label';
import { draftFromSession } from './scenarios-store';

/** Save as scenario: the active tab's log (a live session or an opened recording) as a scenario, in the editor to change before saving. */
export function SaveAsScenario() {
  const sessionId = useApp((s) => s.sessionId);
  const name = useApp((s) => s.recording?.name ?? tabLabel(s.settings.url));
  if (!sessionId) return null;
  return (
    <button type="button" className="secondary small" title="Sent messages become send steps, received ones expect steps; edit it before saving" onClick={() => void draftFromSession(sessionId, name)}>
      Save as scenario
    </button>
  );
}

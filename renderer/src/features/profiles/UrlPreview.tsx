import { useEffect, useState } from 'react';
import { api } from '../../ipc/api';
import { useApp } from '../../store/app-store';
import { useWorkspace } from './workspace-store';

/** How long typing pauses before the URL is resolved again. */
const DEBOUNCE_MS = 200;

/**
 * The URL as it will be dialled, under the URL box, when it holds
 * {{variables}}: resolved by the main process against the active environment
 * and the tab's profile, with the names that have no value flagged.
 */
export function UrlPreview() {
  const url = useApp((s) => s.settings.url);
  const profileId = useApp((s) => s.profileId);
  // a switched environment or an edited variable changes the answer
  const view = useWorkspace((s) => s.view);
  const [shown, setShown] = useState<{ text: string; missing: string[] } | { error: string } | null>(null);
  const templated = url.includes('{{');

  useEffect(() => {
    // nothing is shown then, whatever was resolved last
    if (!templated) return;
    let current = true;
    const timer = setTimeout(() => {
      api.call('variables.resolve', { text: url, profileId: profileId ?? undefined }).then(
        (out) => current && setShown(out),
        (e: Error) => current && setShown({ error: e.message }),
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [url, profileId, view, templated]);

  if (!templated || !shown) return null;
  if ('error' in shown) return <p className="url-preview inline-error">Cannot resolve: {shown.error}</p>;
  return (
    <p className="url-preview">
      <span className="hint">Resolves to </span>
      <code>{shown.text}</code>
      {shown.missing.length > 0 && <span className="missing"> no value for {shown.missing.map((m) => `{{${m}}}`).join(', ')}</span>}
    </p>
  );
}

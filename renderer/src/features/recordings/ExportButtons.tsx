import { useState } from 'react';
import { exportRecording, type ExportFormat } from './recordings-store';

const EXPORTS: { format: ExportFormat; label: string; title: string }[] = [
  { format: 'har', label: 'Export HAR', title: 'As Chrome DevTools writes it (_webSocketMessages)' },
  { format: 'ndjson', label: 'Export NDJSON', title: 'The whole event log, one JSON object a line' },
  { format: 'messages-json', label: 'Messages as JSON', title: 'All messages in one JSON array' },
  { format: 'messages-ndjson', label: 'Messages as NDJSON', title: 'All messages, one a line' },
  { format: 'messages-text', label: 'Messages as text', title: 'All messages as plain text' },
];

/**
 * A recording's exports. Secrets show as {{name}} markers; their values go
 * into a file only when the person ticks the box and then confirms, for
 * that one export.
 */
export function ExportButtons({ id }: { id: string }) {
  const [withSecrets, setWithSecrets] = useState(false);
  const [pending, setPending] = useState<(typeof EXPORTS)[number] | null>(null);
  const run = (format: ExportFormat, unmaskSecrets: boolean) => {
    setPending(null);
    setWithSecrets(false);
    void exportRecording(id, format, unmaskSecrets);
  };

  return (
    <>
      <div className="row">
        {EXPORTS.map((x) => (
          <button key={x.format} type="button" className="secondary small" title={x.title} onClick={() => (withSecrets ? setPending(x) : run(x.format, false))}>
            {x.label}
          </button>
        ))}
        <label title="Secret values are exported as their {{name}} markers unless this is ticked">
          <input type="checkbox" checked={withSecrets} onChange={(e) => setWithSecrets(e.target.checked)} /> Include secret values
        </label>
      </div>
      {pending && (
        <div className="row confirm" role="group" aria-label="Export secret values?">
          <span>The file will hold your secrets’ values in clear text, for anyone who gets it.</span>
          <button type="button" className="danger" onClick={() => run(pending.format, true)}>
            {pending.label} with secret values
          </button>
          <button type="button" className="secondary" autoFocus onClick={() => setPending(null)}>
            Cancel
          </button>
        </div>
      )}
    </>
  );
}

import { useApp } from '../../store/app-store';

const LABELS = { idle: 'Closed', connecting: 'Connecting', open: 'Open', closing: 'Closing', closed: 'Closed' } as const;

/** The connection's state as a label, not a control: no border or hover that would read as a button. */
export function StatePill() {
  const phase = useApp((s) => s.phase);
  return (
    <span role="status" className={`pill state-${phase}`}>
      <span className="dot" aria-hidden="true" />
      {LABELS[phase]}
    </span>
  );
}

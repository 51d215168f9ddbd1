import type { ComparedMessage } from '../../../../shared/recordings';
import { opcodeName } from '../../../../shared/opcodes';
import { useRecordings } from './recordings-store';

function Side({ side }: { side: ComparedMessage['left'] }) {
  if (!side) return <div role="cell" className="cmp-cell missing">(none)</div>;
  return (
    <div role="cell" className="cmp-cell">
      <span className="cmp-meta">
        #{side.seq} {opcodeName(side.opcode)}
      </span>{' '}
      {side.preview}
    </div>
  );
}

/** Two recordings side by side, message by message, the differing ones highlighted. */
export function ComparePanel() {
  const comparison = useRecordings((s) => s.comparison);
  if (!comparison) return null;
  const { left, right, messages, differences } = comparison;
  return (
    <section className="compare-panel" aria-label="Comparison">
      <div className="row compare-head">
        <h3 className="grow">
          {left.name} ↔ {right.name}: {differences === 0 ? 'no differences' : `${differences} of ${messages.length} messages differ`}
        </h3>
        <button type="button" className="secondary small" onClick={() => useRecordings.setState({ comparison: null })}>
          Close comparison
        </button>
      </div>
      <p className="hint">JSON messages are compared structurally, so key order does not count; other messages byte for byte.</p>
      <div className="cmp-table" role="table" aria-label="Compared messages">
        <div role="row" className="cmp-row cmp-header">
          <div role="columnheader">#</div>
          <div role="columnheader">Dir</div>
          <div role="columnheader">{left.name}</div>
          <div role="columnheader">{right.name}</div>
        </div>
        {messages.map((m) => (
          <div role="row" key={m.index} className={`cmp-row${m.same ? '' : ' differs'}`} aria-label={m.same ? undefined : `Message ${m.index + 1} differs`}>
            <div role="cell">
              {m.index + 1}
              {!m.same && ' ≠'}
            </div>
            <div role="cell" className={`dir-${m.dir}`}>
              {m.dir === 'out' ? '↑ out' : '↓ in'}
              {m.json && <span className="badge">JSON</span>}
            </div>
            <Side side={m.left} />
            <Side side={m.right} />
          </div>
        ))}
      </div>
    </section>
  );
}

import { useApp } from '../../store/app-store';
import { closeWith } from '../../store/actions';
import { CLOSE_CODE_NAMES, closeCodeName } from '../../../../shared/close-codes';

/** Codes a client may send (RFC 6455 section 7.4.1; 1004-1006 and 1015 never go on the wire). */
const SENDABLE = Object.keys(CLOSE_CODE_NAMES).map(Number).filter((c) => !(c >= 1004 && c <= 1006) && c !== 1015);

function validCode(code: string): boolean {
  if (code === '') return true;
  const n = Number(code);
  return /^\d+$/.test(code) && ((n >= 1000 && n <= 1003) || (n >= 1007 && n <= 1014) || (n >= 3000 && n <= 4999));
}

/** A code and reason to close with, and the timeline of how the connection closed. */
export function ClosePanel() {
  const phase = useApp((s) => s.phase);
  const timeline = useApp((s) => s.timeline);
  const close = useApp((s) => s.close);
  const protocol = useApp((s) => s.open?.protocol);
  const errors = useApp((s) => s.errors);
  // each tab's own: the panel stays on screen as the tabs switch
  const code = useApp((s) => s.closeCode);
  const reason = useApp((s) => s.closeReason);
  const setCode = (closeCode: string) => useApp.setState({ closeCode });
  const setReason = (closeReason: string) => useApp.setState({ closeReason });
  const reasonBytes = new TextEncoder().encode(reason).length;
  const problem = !validCode(code)
    ? 'use 1000-1003, 1007-1014 or 3000-4999 (a crafted frame can send any)'
    : reasonBytes > 123
      ? `the reason is ${reasonBytes} bytes; at most 123`
      : code === '' && reason
        ? 'a reason needs a code'
        : null;
  const start = timeline[0]?.t;

  return (
    <section className="close-panel" aria-label="Close">
      <h3>Close</h3>
      <div className="row">
        {/* A plain textbox (a datalist would make it a combobox), with the common codes offered by name beside it. */}
        <input aria-label="Close code" className="narrow" inputMode="numeric" value={code} onChange={(e) => setCode(e.target.value.trim())} />
        <select aria-label="Common close codes" value={SENDABLE.includes(Number(code)) ? code : ''} onChange={(e) => e.target.value && setCode(e.target.value)}>
          <option value="">{code && validCode(code) ? closeCodeName(Number(code)) : 'choose…'}</option>
          {SENDABLE.map((c) => (
            <option key={c} value={c}>
              {c} {CLOSE_CODE_NAMES[c]}
            </option>
          ))}
        </select>
      </div>
      <div className="row">
        <input aria-label="Close reason" placeholder="reason (optional)" value={reason} onChange={(e) => setReason(e.target.value)} />
        <button type="button" disabled={phase !== 'open' || problem !== null} onClick={() => void closeWith(code === '' ? null : Number(code), reason)}>
          Close
        </button>
      </div>
      {problem && <p className="inline-error">{problem}</p>}
      <ol className="timeline" aria-label="Timeline">
        {timeline.map((s, i) => (
          <li key={i} className={`state-${s.state}`}>
            <span className="tl-state">{s.state.toUpperCase()}</span> <span className="tl-time">+{(s.t - start).toFixed(1)} ms</span>
          </li>
        ))}
      </ol>
      {close && (
        <dl className="close-summary" aria-label="Close result">
          <dt>Initiator</dt>
          <dd>{close.initiator}</dd>
          <dt>Code</dt>
          <dd>{close.code === null ? '(none)' : `${close.code} ${closeCodeName(close.code, protocol)}`}</dd>
          <dt>Reason</dt>
          <dd>{close.reason || '(none)'}</dd>
          <dt>wasClean</dt>
          <dd>{String(close.wasClean)}</dd>
          {close.sentCode !== undefined && (
            <>
              <dt>Sent</dt>
              <dd>{close.sentCode === null ? '(no code)' : `${close.sentCode}${close.sentReason ? ` "${close.sentReason}"` : ''}`}</dd>
            </>
          )}
          <dt>Elapsed</dt>
          <dd>{(close.t - start).toFixed(1)} ms</dd>
        </dl>
      )}
      {errors.length > 0 && (
        <ul className="errors" aria-label="Errors">
          {errors.slice(-5).map((e) => (
            <li key={e.seq} className={e.fatal ? 'fatal' : 'warning'}>
              <code>{e.code}</code> {e.message}
              {e.closeCode ? ` (close ${e.closeCode})` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

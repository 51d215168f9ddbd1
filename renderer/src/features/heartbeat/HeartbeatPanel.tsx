import { useState } from 'react';
import { useApp } from '../../store/app-store';
import { applyHeartbeat, ping, pong, setAutoPong } from '../../store/actions';
import { textToHex } from '../../lib/bytes';
import { RttChart } from './RttChart';

/** Pings and pongs by hand, auto-pong on or off, an interval heartbeat, and every round trip. */
export function HeartbeatPanel() {
  const phase = useApp((s) => s.phase);
  const autoPong = useApp((s) => s.autoPong);
  const intervalMs = useApp((s) => s.intervalMs);
  const pongTimeoutMs = useApp((s) => s.pongTimeoutMs);
  const rtts = useApp((s) => s.rtts);
  const pongTimedOut = useApp((s) => s.errors.some((e) => e.code === 'WS_ERR_PONG_TIMEOUT'));
  const [payload, setPayload] = useState('');
  const open = phase === 'open';
  const tooLong = new TextEncoder().encode(payload).length > 125;

  return (
    <section className="heartbeat" aria-label="Heartbeat">
      <h3>Heartbeat</h3>
      <div className="row">
        <input aria-label="Ping payload" placeholder="payload (text, optional)" value={payload} onChange={(e) => setPayload(e.target.value)} />
        <button type="button" disabled={!open || tooLong} onClick={() => void ping(textToHex(payload))}>
          Ping
        </button>
        <button type="button" disabled={!open || tooLong} onClick={() => void pong(textToHex(payload))}>
          Pong
        </button>
      </div>
      {tooLong && <p className="inline-error">A control frame payload is at most 125 bytes.</p>}
      <label className="flag">
        <input type="checkbox" checked={autoPong} onChange={(e) => void setAutoPong(e.target.checked)} /> Auto-pong
      </label>
      <div className="row">
        <label>
          Every (ms){' '}
          <input className="narrow" aria-label="Heartbeat interval" inputMode="numeric" value={intervalMs} placeholder="off" onChange={(e) => useApp.setState({ intervalMs: e.target.value })} />
        </label>
        <label>
          Pong timeout (ms){' '}
          <input className="narrow" aria-label="Pong timeout" inputMode="numeric" value={pongTimeoutMs} placeholder="= interval" onChange={(e) => useApp.setState({ pongTimeoutMs: e.target.value })} />
        </label>
        <button type="button" className="secondary" disabled={!open} onClick={() => void applyHeartbeat()}>
          Apply
        </button>
      </div>
      {pongTimedOut && (
        <p className="alarm" role="alert">
          Pong timeout: the server stopped answering pings (closed with 1011)
        </p>
      )}
      <RttChart rtts={rtts} />
      <table className="rtts" aria-label="Round-trip times">
        <tbody>
          {rtts
            .slice()
            .reverse()
            .map((r) => (
              <tr key={r.seq}>
                <td>#{r.seq}</td>
                <td>{r.rttMs.toFixed(1)} ms</td>
              </tr>
            ))}
        </tbody>
      </table>
    </section>
  );
}

import type { ReactNode } from 'react';
import { useApp } from '../../store/app-store';
import type { ConnectSettings } from '../../../../shared/ipc/schemas';
import { PayloadOptions } from './PayloadOptions';

function useSetting<K extends keyof ConnectSettings>(key: K): [ConnectSettings[K], (v: ConnectSettings[K]) => void] {
  const value = useApp((s) => s.settings[key]);
  return [value, (v) => useApp.setState((s) => ({ settings: { ...s.settings, [key]: v } }))];
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

function TextSetting({ k, label, placeholder }: { k: 'origin' | 'caPath' | 'certPath' | 'keyPath' | 'proxy'; label: string; placeholder?: string }) {
  const [v, set] = useSetting(k);
  return (
    <Field label={label}>
      <input value={v ?? ''} placeholder={placeholder} spellCheck={false} onChange={(e) => set(e.target.value || undefined)} />
    </Field>
  );
}

function NumberSetting({ k, label, placeholder }: { k: 'maxPayload' | 'connectTimeout' | 'closeTimeout'; label: string; placeholder: string }) {
  const [v, set] = useSetting(k);
  return (
    <Field label={label}>
      <input inputMode="numeric" value={v ?? ''} placeholder={placeholder} onChange={(e) => set(Number(e.target.value) > 0 ? Number(e.target.value) : undefined)} />
    </Field>
  );
}

function Flag({ k, label }: { k: 'deflate' | 'lenient' | 'insecure' | 'followRedirects' | 'autoReconnect'; label: string }) {
  const [v, set] = useSetting(k);
  const checked = v ?? false;
  return (
    <label className="flag">
      <input type="checkbox" checked={checked} onChange={(e) => set(e.target.checked)} /> {label}
    </label>
  );
}

/** Handshake, TLS, proxy and protocol settings for the next connection. */
export function ConnectOptions() {
  const [headers, setHeaders] = useSetting('headers');
  const [subprotocols, setSubprotocols] = useSetting('subprotocols');
  const rows = headers ?? [];

  return (
    <div className="connect-options">
      <fieldset>
        <legend>Headers</legend>
        <table className="headers-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Value</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, value], i) => (
              <tr key={i}>
                <td>
                  <input aria-label={`Header ${i + 1} name`} value={name} onChange={(e) => setHeaders(rows.map((r, j) => (j === i ? [e.target.value, r[1]] : r)))} />
                </td>
                <td>
                  <input aria-label={`Header ${i + 1} value`} value={value} onChange={(e) => setHeaders(rows.map((r, j) => (j === i ? [r[0], e.target.value] : r)))} />
                </td>
                <td>
                  <button type="button" className="secondary" aria-label={`Remove header ${i + 1}`} onClick={() => setHeaders(rows.filter((_, j) => j !== i))}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="secondary" onClick={() => setHeaders([...rows, ['', '']])}>
          Add header
        </button>
      </fieldset>
      <fieldset>
        <legend>Protocol</legend>
        <Field label="Subprotocols">
          <input
            value={(subprotocols ?? []).join(', ')}
            placeholder="chat, superchat"
            onChange={(e) => setSubprotocols(e.target.value.split(',').map((p) => p.trim()).filter(Boolean))}
          />
        </Field>
        <TextSetting k="origin" label="Origin" placeholder="https://example.com" />
        <NumberSetting k="maxPayload" label="Max payload (bytes)" placeholder="104857600" />
        <NumberSetting k="connectTimeout" label="Connect timeout (ms)" placeholder="10000" />
        <NumberSetting k="closeTimeout" label="Close timeout (ms)" placeholder="5000" />
        <Flag k="deflate" label="permessage-deflate" />
        <Flag k="lenient" label="Lenient (log violations, keep going)" />
        <Flag k="followRedirects" label="Follow redirects" />
        <Flag k="autoReconnect" label="Reconnect automatically (with backoff)" />
      </fieldset>
      <PayloadOptions />
      <fieldset>
        <legend>TLS and proxy</legend>
        <Flag k="insecure" label="Accept any certificate" />
        <TextSetting k="caPath" label="CA file" placeholder="/path/to/ca.pem" />
        <TextSetting k="certPath" label="Client certificate file" placeholder="/path/to/cert.pem" />
        <TextSetting k="keyPath" label="Client key file" placeholder="/path/to/key.pem" />
        <TextSetting k="proxy" label="Proxy" placeholder="from HTTPS_PROXY / HTTP_PROXY" />
      </fieldset>
    </div>
  );
}

import { useState, type ReactNode } from 'react';
import { useApp } from '../../store/app-store';
import type { ConnectSettings } from '../../../../shared/ipc/schemas';
import { fileShown, pickCertificate, picksInMain, uploadCertificate, type CertificateKind } from '../../ipc/certificate-file';

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

function TextSetting({ k, label, placeholder }: { k: 'origin' | 'proxy'; label: string; placeholder?: string }) {
  const [v, set] = useSetting(k);
  return (
    <Field label={label}>
      <input value={v ?? ''} placeholder={placeholder} spellCheck={false} onChange={(e) => set(e.target.value || undefined)} />
    </Field>
  );
}

/**
 * A certificate or key file: chosen in the desktop app's own dialog, or
 * uploaded in browser mode. There is no path to type: the main process
 * reads only files handed to it so (or named by a saved profile).
 */
function FileSetting({ k, kind, label }: { k: 'caPath' | 'certPath' | 'keyPath'; kind: CertificateKind; label: string }) {
  const [v, set] = useSetting(k);
  const [problem, setProblem] = useState<string | null>(null);
  const take = (chosen: Promise<string | null>) =>
    chosen.then(
      (path) => {
        setProblem(null);
        if (path) set(path);
      },
      (e: Error) => setProblem(e.message),
    );
  return (
    <div className="field file-setting" role="group" aria-label={label}>
      <span>{label}</span>
      <code>{v ? fileShown(v) : 'none'}</code>
      {picksInMain ? (
        <button type="button" className="secondary small" aria-label={`Choose ${label}`} onClick={() => void take(pickCertificate(kind))}>
          Choose…
        </button>
      ) : (
        <input
          type="file"
          aria-label={`Upload ${label}`}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void take(uploadCertificate(file));
          }}
        />
      )}
      {v && (
        <button type="button" className="secondary small" aria-label={`Clear ${label}`} onClick={() => set(undefined)}>
          Clear
        </button>
      )}
      {problem && <span className="inline-error">{problem}</span>}
    </div>
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
      <fieldset>
        <legend>TLS and proxy</legend>
        <Flag k="insecure" label="Accept any certificate" />
        <FileSetting k="caPath" kind="ca" label="CA file" />
        <FileSetting k="certPath" kind="cert" label="Client certificate file" />
        <FileSetting k="keyPath" kind="key" label="Client key file" />
        <TextSetting k="proxy" label="Proxy" placeholder="from HTTPS_PROXY / HTTP_PROXY" />
      </fieldset>
    </div>
  );
}

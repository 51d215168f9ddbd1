import { useEffect } from 'react';
import { useApp } from '../../store/app-store';
import { setEngineIoAutoPong } from '../../store/actions';
import { addProtoFile, refreshProtos, useProtos } from '../decoding/protos-store';
import type { CodecChoice } from '../../../../shared/codecs/codec-ids';
import { CodecOptions } from '../decoding/CodecOptions';
import { TypeOptions } from '../decoding/TypeOptions';
import { HELPER_NAMES, HELPERS, type HelperChoice } from '../../../../shared/subprotocols/helpers';
import type { ConnectSettings } from '../../../../shared/ipc/schemas';

function set(patch: Partial<ConnectSettings>): void {
  useApp.setState((s) => ({ settings: { ...s.settings, ...patch } }));
}

/**
 * How this connection's payloads are read and written: the codec (or
 * detection), protobuf types from the workspace's .proto files, and the
 * subprotocol helper. Saved with the profile.
 */
export function PayloadOptions() {
  const codec = useApp((s) => s.settings.codec ?? 'auto');
  const helper = useApp((s) => s.settings.helper ?? 'auto');
  const protoIn = useApp((s) => s.settings.protoIn ?? '');
  const protoOut = useApp((s) => s.settings.protoOut ?? '');
  const engineIoAutoPong = useApp((s) => s.settings.engineIoAutoPong ?? true);
  const listing = useProtos((p) => p.listing);
  const problem = useProtos((p) => p.problem);
  useEffect(() => void refreshProtos(), []);
  const types = listing?.types ?? [];
  const typeChoice = (label: string, value: string, key: 'protoIn' | 'protoOut') => (
    <label className="field">
      <span>{label}</span>
      <select aria-label={label} value={value} onChange={(e) => set({ [key]: e.target.value || undefined })}>
        <TypeOptions types={types} value={value} none="none" />
      </select>
    </label>
  );
  return (
    <fieldset className="payloads">
      <legend>Payloads</legend>
      <label className="field">
        <span>Codec</span>
        <select aria-label="Codec" value={codec} onChange={(e) => set({ codec: e.target.value === 'auto' ? undefined : (e.target.value as CodecChoice) })}>
          <CodecOptions />
        </select>
      </label>
      {typeChoice('Protobuf type in', protoIn, 'protoIn')}
      {typeChoice('Protobuf type out', protoOut, 'protoOut')}
      <div className="row">
        <label className="file">
          Add .proto file
          <input type="file" accept=".proto" aria-label="Add .proto file" onChange={(e) => e.target.files?.[0] && void addProtoFile(e.target.files[0])} />
        </label>
        <span className="muted">{listing ? (listing.files.length ? listing.files.join(', ') : 'no .proto files in the workspace (protos/)') : ''}</span>
      </div>
      {listing?.problems.map((p) => (
        <p key={p.file} className="inline-error">
          {p.file}: {p.message}
        </p>
      ))}
      {problem && <p className="inline-error">{problem}</p>}
      <label className="field">
        <span>Subprotocol helper</span>
        <select aria-label="Subprotocol helper" value={helper} onChange={(e) => set({ helper: e.target.value === 'auto' ? undefined : (e.target.value as HelperChoice) })}>
          <option value="auto">Auto (from the negotiated subprotocol)</option>
          <option value="none">None</option>
          {HELPERS.map((h) => (
            <option key={h} value={h}>
              {HELPER_NAMES[h]}
            </option>
          ))}
        </select>
      </label>
      {helper === 'socketio' && <p className="muted">Connects to the URL’s Socket.IO endpoint: /socket.io/?EIO=4&amp;transport=websocket is filled in.</p>}
      <label className="flag">
        <input type="checkbox" checked={engineIoAutoPong} onChange={(e) => void setEngineIoAutoPong(e.target.checked)} /> Answer Engine.IO pings (Socket.IO)
      </label>
    </fieldset>
  );
}

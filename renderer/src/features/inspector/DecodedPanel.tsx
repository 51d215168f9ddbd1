import { useEffect, useState } from 'react';
import { api } from '../../ipc/api';
import { useApp } from '../../store/app-store';
import { decodingKey } from '../decoding/decoding';
import { useProtoTypes, refreshProtos } from '../decoding/protos-store';
import { editFilter } from '../log/filter-actions';
import { CODEC_NAMES, type CodecChoice } from '../../../../shared/codecs/codec-ids';
import { CodecOptions } from '../decoding/CodecOptions';
import { TypeOptions } from '../decoding/TypeOptions';
import { HELPER_NAMES } from '../../../../shared/subprotocols/helpers';
import type { DecodingSettings } from '../../../../shared/decoding/decoding-settings';
import type { DecodedMessage } from '../../../../shared/decoding/decoding-schema';
import { JsonTree } from './JsonTree';

type Answer = { ok: true; d: DecodedMessage } | { ok: false; error: string };

/**
 * A message decoded whole by the main process: which codec read it (or why
 * the one chosen could not, at which byte), a codec to try instead, the
 * subprotocol layer, and the values as trees. The frames and bytes stay
 * shown beside it: this is a reading of them, not a replacement.
 */
export function DecodedPanel({ seq }: { seq: number }) {
  const sessionId = useApp((s) => s.sessionId);
  const base = useApp(decodingKey);
  const types = useProtoTypes();
  /** a codec (and protobuf type) tried on this message only; null: the connection's */
  // kept with the message it was chosen for: another message starts from the connection's again
  const [choice, setChoice] = useState<{ seq: number; codec: CodecChoice | null; type: string }>({ seq, codec: null, type: '' });
  const codec = choice.seq === seq ? choice.codec : null;
  const type = choice.seq === seq ? choice.type : '';
  const setCodec = (c: CodecChoice | null) => setChoice({ seq, codec: c, type });
  const setType = (t: string) => setChoice({ seq, codec, type: t });
  const [answer, setAnswer] = useState<Answer | null>(null);
  const settings = JSON.parse(base) as DecodingSettings;
  const effective = codec ?? settings.codec;
  const decoding: DecodingSettings = { ...settings, ...(codec ? { codec } : {}), ...(type ? { protoIn: type, protoOut: type } : {}) };
  const key = JSON.stringify(decoding);
  useEffect(() => {
    if (!sessionId) return;
    let live = true;
    api.call('log.decode', { sessionId, seq, decoding: JSON.parse(key) as DecodingSettings }).then(
      (d) => live && setAnswer({ ok: true, d }),
      (e: Error) => live && setAnswer({ ok: false, error: e.message }),
    );
    return () => {
      live = false;
    };
  }, [sessionId, seq, key]);
  useEffect(() => {
    if (effective === 'protobuf') void refreshProtos();
  }, [effective]);

  const d = answer?.ok ? answer.d : null;
  return (
    <section className="decoded" aria-label="Decoded">
      <h4>Decoded</h4>
      <div className="row">
        <label>
          Decode as{' '}
          <select aria-label="Decode as" value={codec ?? ''} onChange={(e) => setCodec((e.target.value || null) as CodecChoice | null)}>
            <option value="">the connection’s codec ({settings.codec === 'auto' ? 'auto-detect' : CODEC_NAMES[settings.codec]})</option>
            <CodecOptions />
          </select>
        </label>
        {effective === 'protobuf' && (
          <label>
            Message type{' '}
            <select aria-label="Protobuf message type" value={type} onChange={(e) => setType(e.target.value)}>
              <TypeOptions types={types} value={undefined} none={`the connection’s (${(d?.dir === 'out' ? settings.protoOut : settings.protoIn) ?? 'none'})`} />
            </select>
          </label>
        )}
        {codec && (
          <button
            type="button"
            className="secondary small"
            title="Read every message of this connection with this codec"
            onClick={() => useApp.setState((s) => ({ settings: { ...s.settings, codec, ...(type ? { protoIn: type, protoOut: type } : {}) } }))}
          >
            Use for this connection
          </button>
        )}
      </div>
      {answer && !answer.ok && <p className="inline-error">{answer.error}</p>}
      {d && (
        <>
          <p className="decoded-by">
            {d.codec ? `Decoded as ${CODEC_NAMES[d.codec]}${d.detected ? ' (detected)' : ''}` : d.error ? 'Not decoded: shown as hex' : 'No codec recognised it: shown as hex'}
          </p>
          {d.error && (
            <p className="inline-error">
              {d.error}
              {d.offset !== undefined ? ` (at byte ${d.offset})` : ''}
            </p>
          )}
          {d.layer && (
            <div className="layer">
              <p>
                <strong>{HELPER_NAMES[d.layer.helper]}</strong> {d.layer.summary}
                {d.layer.subject !== undefined && (
                  <>
                    {' '}
                    <button type="button" className="link" onClick={() => editFilter({ subject: d.layer!.subject! })}>
                      Show only {d.layer.subject}
                    </button>
                  </>
                )}
              </p>
              {d.layer.error && <p className="inline-error">{d.layer.error}</p>}
              {d.layer.value !== undefined && (
                <div className="json-tree" aria-label="Subprotocol layer">
                  <JsonTree value={d.layer.value} />
                </div>
              )}
            </div>
          )}
          {/* plain text, and JSON text (shown as JSON above), need no second tree */}
          {d.value !== undefined && d.codec !== 'text' && !(d.codec === 'json' && d.opcode === 1) && !d.layer && (
            <div className="json-tree" aria-label="Decoded value">
              <JsonTree value={d.value} />
            </div>
          )}
        </>
      )}
    </section>
  );
}

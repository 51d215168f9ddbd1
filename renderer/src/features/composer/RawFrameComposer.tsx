import { useState } from 'react';
import { useApp } from '../../store/app-store';
import { sendCrafted, setAnswerClose } from '../../store/actions';
import { textToHex } from '../../lib/bytes';
import { draftToHex } from './payload-input';
import { OPCODE_NAMES } from '../../../../shared/opcodes';

const BITS = ['fin', 'rsv1', 'rsv2', 'rsv3', 'mask'] as const;

/**
 * Any frame at all, valid or not: opcode, FIN, RSV bits, mask and key, and a
 * payload split into N frames. Each goes out crafted, whatever the state.
 */
export function RawFrameComposer() {
  const phase = useApp((s) => s.phase);
  const answerClose = useApp((s) => s.settings.answerClose ?? true);
  const [opcode, setOpcode] = useState('1');
  const [bits, setBits] = useState<Record<(typeof BITS)[number], boolean>>({ fin: true, rsv1: false, rsv2: false, rsv3: false, mask: true });
  const [key, setKey] = useState('');
  const [payloadKind, setPayloadKind] = useState<'text' | 'hex'>('text');
  const [payload, setPayload] = useState('');
  const [fragments, setFragments] = useState('1');

  const op = Number(opcode);
  const hex = payloadKind === 'text' ? { hex: textToHex(payload) } : draftToHex(payload, 'hex');
  const keyProblem = key && !/^[0-9a-fA-F]{8}$/.test(key) ? 'the masking key is 8 hex digits' : null;
  const n = Math.max(1, Math.floor(Number(fragments)) || 1);
  const problem = 'error' in hex ? hex.error : keyProblem;
  const live = phase === 'open' || phase === 'closing' || phase === 'connecting';

  const sendIt = async () => {
    if (!('hex' in hex)) return;
    const bytes = hex.hex;
    // N fragments: the opcode on the first, continuation after, FIN on the last (if FIN is asked for).
    const size = Math.ceil(bytes.length / 2 / n) * 2;
    for (let i = 0; i < n; i++) {
      const ok = await sendCrafted({
        opcode: i === 0 ? op : 0,
        fin: i === n - 1 ? bits.fin : false,
        rsv1: bits.rsv1 && i === 0,
        rsv2: bits.rsv2,
        rsv3: bits.rsv3,
        mask: bits.mask,
        maskKey: bits.mask && key ? key : undefined,
        payloadHex: n === 1 ? bytes : bytes.slice(i * size, (i + 1) * size),
      });
      if (!ok) return;
    }
  };

  return (
    <div className="raw-composer">
      <div className="row">
        <label>
          Opcode{' '}
          <select aria-label="Raw opcode" value={opcode} onChange={(e) => setOpcode(e.target.value)}>
            {Array.from({ length: 16 }, (_, i) => (
              <option key={i} value={i}>
                {i} {OPCODE_NAMES[i] ?? '(reserved)'}
              </option>
            ))}
          </select>
        </label>
        <div className="bits" role="group" aria-label="Frame bits">
          {BITS.map((b) => (
            <label key={b} className="flag">
              <input type="checkbox" checked={bits[b]} onChange={(e) => setBits({ ...bits, [b]: e.target.checked })} /> {b.toUpperCase()}
            </label>
          ))}
        </div>
        <input aria-label="Masking key" className="narrow" placeholder="key: random" disabled={!bits.mask} value={key} onChange={(e) => setKey(e.target.value.trim())} />
        <label>
          Split into <input aria-label="Raw fragments" className="narrow" inputMode="numeric" value={fragments} onChange={(e) => setFragments(e.target.value)} />
        </label>
      </div>
      <div className="row">
        <select aria-label="Raw payload format" value={payloadKind} onChange={(e) => setPayloadKind(e.target.value as 'text' | 'hex')}>
          <option value="text">text</option>
          <option value="hex">hex</option>
        </select>
        <input aria-label="Raw payload" style={{ flex: 1 }} placeholder={payloadKind === 'hex' ? 'hex bytes, unmasked' : 'text'} value={payload} onChange={(e) => setPayload(e.target.value)} />
        <button type="button" disabled={!live || problem !== null} onClick={() => void sendIt()}>
          Send frame
        </button>
      </div>
      {problem && <p className="inline-error">{problem}</p>}
      <label className="flag">
        <input type="checkbox" checked={!answerClose} onChange={(e) => void setAnswerClose(!e.target.checked)} /> Don&apos;t answer the server&apos;s close
      </label>
    </div>
  );
}

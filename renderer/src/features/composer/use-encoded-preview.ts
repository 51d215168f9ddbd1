import { useEffect, useState } from 'react';
import { api } from '../../ipc/api';
import type { BinaryCodec } from '../../../../shared/codecs/codec-ids';

/** How long typing pauses before the preview is encoded again. */
const SETTLE_MS = 250;

export type EncodedPreview = { hex: string; length: number } | { error: string } | null;

/**
 * The bytes a JSON draft encodes to in a codec, asked of the main process
 * (it holds the .proto files) once typing pauses: what Send would send.
 */
export function useEncodedPreview(codec: BinaryCodec | null, json: string, messageType: string | undefined): EncodedPreview {
  // kept with the codec and type it was encoded for: while typing, the last bytes stay shown until the new ones come;
  // another codec or type shows none until its own
  const [last, setLast] = useState<{ target: string; preview: EncodedPreview }>({ target: '', preview: null });
  const active = codec !== null && json.trim() !== '';
  const target = active ? JSON.stringify([codec, messageType ?? null]) : '';
  useEffect(() => {
    if (!codec || !target) return;
    let live = true;
    const timer = setTimeout(() => {
      api.call('codec.encode', { codec, json, messageType }).then(
        (out) => live && setLast({ target, preview: out }),
        (e: Error) => live && setLast({ target, preview: { error: e.message } }),
      );
    }, SETTLE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [codec, json, messageType, target]);
  return target && last.target === target ? last.preview : null;
}

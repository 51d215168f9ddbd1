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
  const [preview, setPreview] = useState<EncodedPreview>(null);
  useEffect(() => {
    if (!codec || !json.trim()) return setPreview(null);
    let live = true;
    const timer = setTimeout(() => {
      api.call('codec.encode', { codec, json, messageType }).then(
        (out) => live && setPreview(out),
        (e: Error) => live && setPreview({ error: e.message }),
      );
    }, SETTLE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [codec, json, messageType]);
  return preview;
}

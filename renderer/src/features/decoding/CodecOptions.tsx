import { CODEC_NAMES, CODECS } from '../../../../shared/codecs/codec-ids';

/** The codec choices of a select: auto-detection, then each codec by name. */
export function CodecOptions() {
  return (
    <>
      <option value="auto">Auto-detect</option>
      {CODECS.map((c) => (
        <option key={c} value={c}>
          {CODEC_NAMES[c]}
        </option>
      ))}
    </>
  );
}

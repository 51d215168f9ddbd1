import type { Decoded } from '../../../../shared/codecs/decoded';
import { markerOf } from '../../../../shared/codecs/markers';

type Json = Decoded;

/**
 * A collapsible tree of a parsed or decoded JSON value; every value is shown
 * as text, never as markup. The markers of decoded values (64-bit integers,
 * bytes, dates, CBOR tags, MessagePack extensions, maps with other keys than
 * strings) are shown as what they are, their marker named, never coerced.
 */
export function JsonTree({ value, name }: { value: Json; name?: string }) {
  const label = name !== undefined ? <span className="json-key">{JSON.stringify(name)}: </span> : null;
  const marker = markerOf(value);
  if (marker && marker.kind !== '$tag' && marker.kind !== '$map') {
    const text =
      marker.kind === '$bytes' ? `${spaced(marker.hex)} (${marker.hex.length / 2} B)`
      : marker.kind === '$int' ? marker.digits
      : marker.kind === '$date' ? marker.iso
      : marker.kind === '$float' ? marker.text
      : marker.kind === '$ext' ? `type ${marker.type}: ${spaced(marker.hex)}`
      : '';
    return (
      <div className="json-leaf">
        {label}
        <span className="json-marker">{marker.kind}</span> <span className="json-marked">{text}</span>
      </div>
    );
  }
  if (marker?.kind === '$tag') {
    return (
      <details open className="json-node">
        <summary>
          {label}
          <span className="json-marker">$tag</span> {marker.tag}
        </summary>
        <JsonTree value={marker.value} />
      </details>
    );
  }
  if (marker?.kind === '$map') {
    return (
      <details open className="json-node">
        <summary>
          {label}
          <span className="json-marker">$map</span> {`{${marker.entries.length}}`}
        </summary>
        {marker.entries.map(([k, v], i) => (
          <div key={i} className="json-map-entry">
            <JsonTree value={k} name={undefined} />
            <span aria-hidden>→</span>
            <JsonTree value={v} />
          </div>
        ))}
      </details>
    );
  }
  if (value === null || typeof value !== 'object') {
    return (
      <div className="json-leaf">
        {label}
        <span className={`json-${value === null ? 'null' : typeof value}`}>{JSON.stringify(value)}</span>
      </div>
    );
  }
  const entries: [string, Json][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${value.length}]` : `{${entries.length}}`;
  return (
    <details open className="json-node">
      <summary>
        {label}
        {summary}
      </summary>
      {entries.map(([k, v]) => (
        <JsonTree key={k} name={Array.isArray(value) ? undefined : k} value={v} />
      ))}
    </details>
  );
}

function spaced(hex: string): string {
  return (hex.match(/../g) ?? []).join(' ');
}

export function tryParseJson(text: string): { ok: true; value: Json } | { ok: false } {
  const t = text.trim();
  if (!t || (t[0] !== '{' && t[0] !== '[')) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(t) as Json };
  } catch {
    return { ok: false };
  }
}

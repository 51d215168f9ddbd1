type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A collapsible tree of a parsed JSON value; every value is shown as text, never as markup. */
export function JsonTree({ value, name }: { value: Json; name?: string }) {
  const label = name !== undefined ? <span className="json-key">{JSON.stringify(name)}: </span> : null;
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

export function tryParseJson(text: string): { ok: true; value: Json } | { ok: false } {
  const t = text.trim();
  if (!t || (t[0] !== '{' && t[0] !== '[')) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(t) as Json };
  } catch {
    return { ok: false };
  }
}

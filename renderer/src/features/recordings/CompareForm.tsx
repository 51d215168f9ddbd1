import { useState } from 'react';
import { compareRecordings, useRecordings } from './recordings-store';

/** Picks two recordings to compare message by message; the result opens over the main area. */
export function CompareForm() {
  const recordings = useRecordings((s) => s.recordings);
  const [left, setLeft] = useState('');
  const [right, setRight] = useState('');
  if (recordings.length < 2) return null;
  const options = recordings.map((r) => (
    <option key={r.id} value={r.id}>
      {r.name}
    </option>
  ));
  return (
    <details className="compare-form">
      <summary>Compare two recordings</summary>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (left && right) void compareRecordings(left, right);
        }}
      >
        <select aria-label="Left recording" value={left} onChange={(e) => setLeft(e.target.value)}>
          <option value="">Left…</option>
          {options}
        </select>
        <select aria-label="Right recording" value={right} onChange={(e) => setRight(e.target.value)}>
          <option value="">Right…</option>
          {options}
        </select>
        <button type="submit" className="small" disabled={!left || !right || left === right}>
          Compare recordings
        </button>
      </form>
    </details>
  );
}

import { formatBytes } from '../../lib/bytes';
import type { RecordingSummary } from '../../../../shared/recordings';

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function formatStart(t: number): string {
  return new Date(t).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

/** One line of facts under a recording's name: when, how long, frames each way, size. */
export function recordingFacts(r: RecordingSummary): string {
  return `${formatStart(r.start)} · ${formatDuration(r.durationMs)} · ↑${r.framesOut} ↓${r.framesIn} frames · ${formatBytes(r.size)}`;
}

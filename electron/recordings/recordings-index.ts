import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { RECORDINGS_INDEX, Retention } from '../../shared/recordings.js';
import { writeDurably } from '../files/durable-write.js';
import { readText } from '../files/read-text.js';

/**
 * `recordings/index.json`: what a person said about recordings (names, pins,
 * the retention setting) and where each came from, so the recording files
 * themselves are never rewritten. A recording missing here is a connection's,
 * named after its URL and start.
 */
const Entry = z.object({
  name: z.string().optional(),
  pinned: z.boolean().optional(),
  source: z.enum(['connection', 'replay', 'har', 'scenario']).optional(),
  /** an imported HAR's SHA-256 (hex), so importing the same file again finds this recording */
  harSha256: z.string().optional(),
});
const IndexFile = z.object({
  formatVersion: z.literal(1),
  retention: Retention,
  recordings: z.record(z.string(), Entry),
});
export type RecordingsIndex = z.output<typeof IndexFile>;
export type IndexEntry = z.output<typeof Entry>;

export function emptyIndex(): RecordingsIndex {
  return { formatVersion: 1, retention: { maxTotalBytes: null }, recordings: {} };
}

/** The index of a recordings folder; a missing file is an empty index, a damaged one an error naming it. */
export async function loadIndex(dir: string): Promise<RecordingsIndex> {
  const file = path.join(dir, RECORDINGS_INDEX);
  const r = await readText(file);
  if ('error' in r) throw new Error(`cannot read ${file} (${r.error})`);
  if (r.text === null) return emptyIndex();
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${(e as Error).message})`, { cause: e });
  }
  const checked = IndexFile.safeParse(parsed);
  if (!checked.success) throw new Error(`${file}: ${checked.error.issues[0].path.join('.')} ${checked.error.issues[0].message}`);
  return checked.data;
}

export function saveIndex(dir: string, index: RecordingsIndex): Promise<void> {
  return writeDurably(path.join(dir, RECORDINGS_INDEX), JSON.stringify(index, null, 2) + '\n');
}

/** A new recording's id: sortable by time, and safe as a file name everywhere. */
export function newRecordingId(): string {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
}

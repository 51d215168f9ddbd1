import type { z } from 'zod';
import type { FileProblem } from '../../shared/workspace.js';
import { migrate, type Migration } from './migrations.js';

/**
 * The one way files are written: 2-space JSON and a final newline, keys in
 * the schema's order (zod's output follows its shape), so saving the same
 * thing twice gives the same bytes and one edit is a small diff.
 */
export function toFileText(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; problem: FileProblem };

/** Parses, migrates and checks a file's text; a problem names the file, the field and what is wrong. */
export function decodeFile<T>(file: string, text: string, schema: z.ZodType<T>, migrations: readonly Migration[]): Decoded<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: { file, field: null, message: `is not valid JSON: ${jsonError(text, e as Error)}` } };
  }
  const migrated = migrate(raw, migrations);
  if (!migrated.ok) return { ok: false, problem: { file, field: migrated.field, message: migrated.message } };
  const parsed = schema.safeParse(migrated.value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const [issue, ...more] = parsed.error.issues;
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const fieldPath = [...issue.path, ...keys.slice(0, 1)].map(String);
  const message =
    (issue.code === 'unrecognized_keys' ? `is not a field Framescope knows (${issue.message})` : issue.message) +
    (more.length ? ` (and ${more.length} more problem${more.length > 1 ? 's' : ''})` : '');
  return { ok: false, problem: { file, field: fieldPath.length ? fieldPath.join('.') : null, message } };
}

/** JSON.parse's message, with the line and column a person can look for; a file cut short says so. */
function jsonError(text: string, e: Error): string {
  if (!text.trim()) return 'the file is empty';
  const at = /position (\d+)/.exec(e.message);
  const ended = /end of JSON input/.test(e.message) || (at !== null && Number(at[1]) >= text.trimEnd().length);
  const pos = ended ? text.length : at ? Number(at[1]) : null;
  if (pos === null) return e.message;
  const before = text.slice(0, pos).split('\n');
  const where = `line ${before.length}, column ${before[before.length - 1].length + 1}`;
  return ended ? `it ends too early, at ${where} (cut short?)` : `${e.message.replace(/ in JSON at position \d+.*$/, '')} at ${where}`;
}

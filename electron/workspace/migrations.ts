import { FORMAT_VERSION } from '../../shared/workspace.js';

/** Turns a file's content at version `from` into version `from + 1` (formatVersion is set by migrate). */
export interface Migration {
  from: number;
  up(raw: Record<string, unknown>): Record<string, unknown>;
}

/**
 * The migrations of each kind of file, oldest first. Version 1 is the first
 * format, so there are none yet; a change to a file's format adds one here
 * and bumps FORMAT_VERSION, and files on disk are rewritten only when next
 * saved.
 */
export const MIGRATIONS = {
  profile: [] as Migration[],
  workspace: [] as Migration[],
  secrets: [] as Migration[],
  recent: [] as Migration[],
  session: [] as Migration[],
};

export type Migrated = { ok: true; value: Record<string, unknown> } | { ok: false; field: string | null; message: string };

/** Brings a parsed file up to `current`, one version at a time; refuses what a newer Framescope wrote. */
export function migrate(raw: unknown, migrations: readonly Migration[], current = FORMAT_VERSION): Migrated {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, field: null, message: 'must hold a JSON object' };
  let value = raw as Record<string, unknown>;
  const version = value.formatVersion;
  if (version === undefined) return { ok: false, field: 'formatVersion', message: 'is missing (every Framescope file has one)' };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return { ok: false, field: 'formatVersion', message: `must be a whole number, got ${JSON.stringify(version)}` };
  }
  if (version > current) {
    return {
      ok: false,
      field: 'formatVersion',
      message: `is ${version}: this file was made by a newer Framescope (this one reads format version ${current} and older); update Framescope to open it`,
    };
  }
  for (let v = version; v < current; v++) {
    const m = migrations.find((x) => x.from === v);
    if (!m) return { ok: false, field: 'formatVersion', message: `is ${version}: no migration from format version ${v} to ${v + 1}` };
    value = { ...m.up(value), formatVersion: v + 1 };
  }
  return { ok: true, value };
}

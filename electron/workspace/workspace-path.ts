import { constants } from 'node:fs';
import { access, mkdir, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CallError } from '../../shared/ipc/api.js';
import { PROFILES_DIR, WORKSPACE_FILE } from '../../shared/workspace.js';

export interface CheckedPath {
  path: string;
  /** an empty (or just made) folder: the caller writes a new workspace into it */
  isNew: boolean;
}

const refuse = (message: string) => new CallError('INVALID_PATH', message);

/**
 * Checks a folder path typed or pasted by the person, and says exactly what
 * is wrong with it: relative, missing, a file, not readable or writable,
 * empty, or a folder of other things. With create, a missing or empty folder
 * is fine (a missing one is made).
 */
export async function checkWorkspacePath(typed: string, create: boolean, home = os.homedir()): Promise<CheckedPath> {
  let p = typed.trim();
  // a path copied from a file manager or a shell often comes quoted
  if (p.length >= 2 && (p[0] === '"' || p[0] === "'") && p[p.length - 1] === p[0]) p = p.slice(1, -1);
  if (p === '~' || p.startsWith('~/') || p.startsWith('~\\')) p = path.join(home, p.slice(1));
  if (!path.isAbsolute(p)) throw refuse(`"${typed}" is not a full path: type one starting with ${process.platform === 'win32' ? 'a drive, like C:\\' : '/ or ~/'}`);
  p = path.resolve(p);

  let isDir: boolean;
  try {
    isDir = (await stat(p)).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw refuse(`${p} cannot be a folder: part of that path is a file`);
    if (code === 'EACCES' || code === 'EPERM') throw refuse(`${p} cannot be reached: permission denied on a folder above it`);
    if (code !== 'ENOENT') throw refuse(`${p} cannot be read (${code})`);
    if (!create) throw refuse(`there is no folder at ${p}; to make a new workspace there, create it`);
    try {
      await mkdir(p, { recursive: true });
    } catch (e2) {
      throw refuse(`cannot create the folder ${p} (${(e2 as NodeJS.ErrnoException).code})`);
    }
    return { path: p, isNew: true };
  }
  if (!isDir) throw refuse(`${p} is a file, not a folder`);
  try {
    await access(p, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch {
    throw refuse(`Framescope cannot read and write in ${p}: permission denied`);
  }
  let entries: string[];
  try {
    entries = await readdir(p);
  } catch (e) {
    throw refuse(`cannot list the folder ${p} (${(e as NodeJS.ErrnoException).code})`);
  }
  // a profiles folder alone is a workspace whose workspace file went missing: opened, and the loss reported
  if (entries.includes(WORKSPACE_FILE) || entries.includes(PROFILES_DIR)) return { path: p, isNew: false };
  if (entries.length === 0) {
    if (create) return { path: p, isNew: true };
    throw refuse(`${p} is an empty folder, not a workspace yet; create a workspace there to use it`);
  }
  throw refuse(`${p} is not a Framescope workspace (it has no ${WORKSPACE_FILE}) and holds other files; choose an empty folder or a new path`);
}

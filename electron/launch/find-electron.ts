import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The Electron binary, found the way the `electron` package finds it
 * (requiring it returns the path, and throws when its install step never
 * downloaded the binary), or why there is none.
 */
export function findElectron(load: (id: string) => unknown = createRequire(import.meta.url)): { path: string } | { missing: string } {
  let found: unknown;
  try {
    found = load('electron');
  } catch (e) {
    return { missing: String((e as Error)?.message ?? e).split('\n')[0] };
  }
  if (typeof found !== 'string') return { missing: 'the electron package did not give a binary path' };
  if (!existsSync(found)) return { missing: `no file at ${found}` };
  return { path: found };
}

import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** @electron/fuses finds the fuse wire after this sentinel in Electron's binary. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Electron's Linux fuses in wire order (@electron/fuses' FuseV1Options) with
 * the states a stock Electron binary ships: '1' on, '0' off.
 */
export const STOCK_FUSES = [
  ['RunAsNode', '1'],
  ['EnableCookieEncryption', '0'],
  ['EnableNodeOptionsEnvironmentVariable', '1'],
  ['EnableNodeCliInspectArguments', '1'],
  ['EnableEmbeddedAsarIntegrityValidation', '0'],
  ['OnlyLoadAppFromAsar', '0'],
  ['LoadBrowserProcessSpecificV8Snapshot', '0'],
  ['GrantFileProtocolExtraPrivileges', '1'],
] as const;

/**
 * A stand-in for an unpacked Electron for Linux (electron-builder's
 * `electronDist`), since the real one cannot be downloaded here: an
 * `electron` executable that carries a fuse wire laid out as in the real
 * binary (sentinel, wire version 1, length, one byte a fuse), so that
 * electron-builder's fuse step really flips it, and the version file.
 */
export async function electronStandIn(dir: string, version: string): Promise<string> {
  await mkdir(path.join(dir, 'resources'), { recursive: true });
  const wire = STOCK_FUSES.map(([, state]) => state).join('');
  const binary = Buffer.concat([
    Buffer.from(`#!/bin/sh\necho 'a stand-in for Electron ${version}: it runs nothing' >&2\nexit 1\n# ${FUSE_SENTINEL}`),
    Buffer.from([1, wire.length]),
    Buffer.from(wire + '\n'),
  ]);
  await writeFile(path.join(dir, 'electron'), binary);
  await chmod(path.join(dir, 'electron'), 0o755);
  await writeFile(path.join(dir, 'version'), version);
  return dir;
}

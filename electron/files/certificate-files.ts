import { randomUUID } from 'node:crypto';
import { CallError } from '../../shared/ipc/api.js';
import type { ConnectSettings } from '../../shared/connect-settings.js';
import { MAX_CERTIFICATE_BYTES } from '../../shared/ipc/schemas.js';
import { readSmallFile } from './read-small-file.js';

/** How an uploaded file is named in the settings: it lives in memory, not at a path. */
const UPLOADED = 'uploaded:';
/** Uploaded files kept at once; the oldest is let go first. */
const MAX_UPLOADS = 32;

export type TlsField = 'caPath' | 'certPath' | 'keyPath';
const FIELDS: TlsField[] = ['caPath', 'certPath', 'keyPath'];
const WHAT: Record<TlsField, string> = { caPath: 'CA certificate', certPath: 'client certificate', keyPath: 'client key' };

export interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

type TlsPaths = Pick<ConnectSettings, TlsField>;

/**
 * The certificate and key files the person handed to the main process:
 * chosen in the desktop app's own file dialog, or uploaded in browser mode.
 * The renderer names a file; only such a file, or one a saved profile names,
 * is ever read. Anything else is refused before the disk is touched, so a
 * renderer cannot probe which paths exist nor read one of its choosing.
 */
export class CertificateFiles {
  private readonly picked = new Set<string>();
  private readonly uploads = new Map<string, Buffer>();

  /** A file chosen in the app's file dialog: settings may name it from now on. */
  pick(file: string): string {
    this.picked.add(file);
    return file;
  }

  /** An uploaded file's bytes, kept in memory; returns the name the settings give it. */
  keepUpload(name: string, bytes: Buffer): string {
    if (bytes.length > MAX_CERTIFICATE_BYTES) throw new CallError('TOO_LARGE', `${name} is larger than ${MAX_CERTIFICATE_BYTES / 1024} KiB: it cannot be a certificate or key`);
    const shown = name.split(/[\\/]/).pop()!.replace(/[^\w.-]+/g, '_').slice(0, 100) || 'file';
    const ref = `${UPLOADED}${randomUUID()}/${shown}`;
    this.uploads.set(ref, bytes);
    if (this.uploads.size > MAX_UPLOADS) this.uploads.delete(this.uploads.keys().next().value!);
    return ref;
  }

  /** Refuses to save a profile with a file the person did not hand over, unless the profile already named it. */
  checkSavable(settings: TlsPaths, before: TlsPaths | undefined): void {
    for (const field of FIELDS) {
      const value = settings[field];
      if (value && !this.handed(value) && value !== before?.[field]) throw notHanded(field, value);
    }
  }

  /** The bytes of each TLS file the settings name, each handed over or named the same way by the saved profile. */
  async read(settings: TlsPaths, saved: TlsPaths | undefined): Promise<TlsFiles> {
    const [ca, cert, key] = await Promise.all(FIELDS.map((f) => this.readOne(f, settings[f], saved?.[f])));
    return { ca, cert, key };
  }

  private handed(value: string): boolean {
    return this.picked.has(value) || this.uploads.has(value);
  }

  private async readOne(field: TlsField, value: string | undefined, saved: string | undefined): Promise<Buffer | undefined> {
    if (!value) return undefined;
    if (value.startsWith(UPLOADED)) {
      const bytes = this.uploads.get(value);
      if (!bytes) throw new CallError('NOT_FOUND', `the uploaded ${WHAT[field]} ${value.slice(value.indexOf('/') + 1)} is no longer held (the server restarted): choose the file again`);
      return bytes;
    }
    if (!this.picked.has(value) && value !== saved) throw notHanded(field, value);
    return readNamed(field, value);
  }
}

/**
 * The TLS files settings name, read as named: for the command line, where
 * the person names them (a scenario's profile), not a page.
 */
export async function readNamedTlsFiles(settings: TlsPaths): Promise<TlsFiles> {
  const [ca, cert, key] = await Promise.all(FIELDS.map((f) => (settings[f] ? readNamed(f, settings[f]) : Promise.resolve(undefined))));
  return { ca, cert, key };
}

function readNamed(field: TlsField, value: string): Promise<Buffer> {
  return readSmallFile(value, MAX_CERTIFICATE_BYTES, WHAT[field]);
}

function notHanded(field: TlsField, value: string): CallError {
  return new CallError('FORBIDDEN', `the ${WHAT[field]} ${value} was not chosen in this app: choose the file with its Choose button (a typed path is read only when a saved profile names it)`);
}

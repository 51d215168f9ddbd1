import { api } from './api';
import { uploadFile } from './upload-file';
import { formatBytes } from '../lib/bytes';
import { MAX_CERTIFICATE_BYTES } from '../../../shared/ipc/schemas';

export type CertificateKind = 'ca' | 'cert' | 'key';

/** The desktop app picks a file in the main process's own dialog; browser mode uploads one the page was given. */
export const picksInMain = window.framescope !== undefined;

/** The desktop dialog's choice, or null when cancelled. */
export async function pickCertificate(kind: CertificateKind): Promise<string | null> {
  return (await api.call('files.pickCertificate', { kind })).path;
}

/** Hands a file chosen in the page to the main process; returns the name the settings give it. */
export async function uploadCertificate(file: File): Promise<string> {
  if (file.size > MAX_CERTIFICATE_BYTES) throw new Error(`${file.name} is ${formatBytes(file.size)}: a certificate or key file is at most ${formatBytes(MAX_CERTIFICATE_BYTES)}`);
  const uploadId = await uploadFile(file);
  return (await api.call('upload.asFile', { uploadId, name: file.name })).path;
}

/** How a chosen file reads to a person: its path, or an uploaded file's name. */
export function fileShown(value: string): string {
  return value.startsWith('uploaded:') ? `${value.slice(value.indexOf('/') + 1)} (uploaded)` : value;
}

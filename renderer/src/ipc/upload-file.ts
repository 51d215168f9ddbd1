import { api } from './api';
import { UPLOAD_CHUNK_BYTES } from '../../../shared/ipc/schemas';

/** Hands a file to the main process in pieces no single call would refuse; returns the upload that session.send names. */
export async function uploadFile(file: Blob): Promise<string> {
  let uploadId: string | undefined;
  try {
    for (let at = 0; at === 0 || at < file.size; at += UPLOAD_CHUNK_BYTES) {
      const chunk = new Uint8Array(await file.slice(at, at + UPLOAD_CHUNK_BYTES).arrayBuffer());
      uploadId = (await api.call('upload.append', { uploadId, base64: toBase64(chunk) })).uploadId;
    }
    return uploadId!;
  } catch (e) {
    if (uploadId) void api.call('upload.discard', { uploadId }).catch(() => undefined);
    throw e;
  }
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  // fromCharCode takes its arguments on the stack: a slice at a time
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

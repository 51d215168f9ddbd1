import { randomUUID } from 'node:crypto';
import { CallError } from '../../shared/ipc/api.js';
import { MAX_UPLOAD_BYTES } from '../../shared/ipc/schemas.js';
import type { HandlersFor } from '../ipc/dispatch.js';

/**
 * Bytes a window hands over in pieces (a large file to send), so no single
 * call has to carry them. Held until a send uses them or the window goes;
 * all of a window's uploads together stay under MAX_UPLOAD_BYTES.
 */
export class UploadStore {
  private readonly uploads = new Map<string, { chunks: Buffer[]; size: number }>();
  private held = 0;

  readonly handlers: Pick<HandlersFor<'upload'>, 'upload.append' | 'upload.discard'> = {
    'upload.append': ({ uploadId, base64 }) => {
      const id = uploadId ?? randomUUID();
      const upload = uploadId === undefined ? { chunks: [], size: 0 } : this.uploads.get(uploadId);
      if (!upload) throw new CallError('NOT_FOUND', `no upload ${uploadId} (it was sent or discarded)`);
      const chunk = Buffer.from(base64, 'base64');
      if (this.held + chunk.length > MAX_UPLOAD_BYTES) {
        throw new CallError('TOO_LARGE', `uploads may hold at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB at a time`);
      }
      upload.chunks.push(chunk);
      upload.size += chunk.length;
      this.held += chunk.length;
      this.uploads.set(id, upload);
      return { uploadId: id, size: upload.size };
    },
    'upload.discard': ({ uploadId }) => {
      this.release(uploadId);
      return {};
    },
  };

  /** The upload's bytes, which it no longer holds. */
  take(uploadId: string): Buffer {
    const upload = this.uploads.get(uploadId);
    if (!upload) throw new CallError('NOT_FOUND', `no upload ${uploadId} (it was sent or discarded)`);
    this.release(uploadId);
    return upload.chunks.length === 1 ? upload.chunks[0] : Buffer.concat(upload.chunks, upload.size);
  }

  clear(): void {
    this.uploads.clear();
    this.held = 0;
  }

  private release(uploadId: string): void {
    const upload = this.uploads.get(uploadId);
    if (!upload) return;
    this.held -= upload.size;
    this.uploads.delete(uploadId);
  }
}

import { CallError } from '../../shared/ipc/api.js';
import type { HandlersFor } from '../ipc/dispatch.js';
import type { CertificateFiles } from './certificate-files.js';

/** The part of Electron's dialog.showOpenDialog used here, injected so this runs (and is tested) without Electron. */
export type OpenDialog = (o: {
  title: string;
  properties: 'openFile'[];
  filters: { name: string; extensions: string[] }[];
}) => Promise<{ canceled: boolean; filePaths: string[] }>;

const TITLES = { ca: 'Choose a CA certificate', cert: 'Choose a client certificate', key: 'Choose a client key' } as const;

/**
 * files.pickCertificate: the desktop app's own dialog, whose choice the main
 * process then trusts. Browser mode has none (a page cannot open the
 * server's dialog): its files come as uploads (upload.asFile).
 */
export function fileHandlers(files: CertificateFiles, openDialog: OpenDialog | null): HandlersFor<'files'> {
  return {
    'files.pickCertificate': async ({ kind }) => {
      if (!openDialog) throw new CallError('UNSUPPORTED', 'browser mode has no file dialog of its own: upload the file instead');
      const r = await openDialog({
        title: TITLES[kind],
        properties: ['openFile'],
        filters: [
          { name: 'PEM files', extensions: ['pem', 'crt', 'cer', 'key'] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      return { path: r.canceled || !r.filePaths[0] ? null : files.pick(r.filePaths[0]) };
    },
  };
}

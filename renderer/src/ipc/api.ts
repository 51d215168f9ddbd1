import type { Api } from '../../../shared/ipc/api';
import { createBrowserApi } from './browser-api';

declare global {
  interface Window {
    /** set by the Electron preload; absent in browser mode */
    framescope?: Api;
  }
}

export const api: Api = window.framescope ?? createBrowserApi();

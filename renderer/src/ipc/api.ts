import { apiOverBridge, type Api, type Bridge } from '../../../shared/ipc/api';
import { createBrowserApi } from './browser-api';

declare global {
  interface Window {
    /** set by the Electron preload; absent in browser mode */
    framescope?: Bridge;
  }
}

export const api: Api = window.framescope ? apiOverBridge(window.framescope) : createBrowserApi();

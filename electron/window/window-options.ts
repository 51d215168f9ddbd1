import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  /** the bundled CommonJS preload */
  preloadPath: string;
  bounds: { x?: number; y?: number; width: number; height: number };
}

/**
 * The window's options. The page is an ordinary sandboxed web page: no
 * Node.js in it or its workers, its own JavaScript world apart from the
 * preload's (contextIsolation), and no way to opt out of web security. It
 * stays hidden until its first paint, so no blank window flashes.
 */
export function windowOptions(o: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    ...o.bounds,
    minWidth: 720,
    minHeight: 480,
    title: 'Framescope',
    show: false,
    webPreferences: {
      preload: o.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

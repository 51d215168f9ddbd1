import type { App, Session, WebContents } from 'electron';
import { isAppUrl } from './app-protocol.js';

/**
 * Electron's security handlers, for Electron objects handed in (so stand-ins
 * can test them). The page needs none of the web's powerful features but
 * one: the Inspector's Copy buttons write to the clipboard
 * (navigator.clipboard.writeText asks for 'clipboard-sanitized-write').
 * Everything else is denied, and every device chooser is cancelled before
 * it can pick a device by itself.
 */
const ALLOWED_PERMISSION = 'clipboard-sanitized-write';

/** Only the app's own page, in its top frame: never a subframe, never another origin. */
const allowed = (permission: string, isMainFrame: boolean, url: string | undefined) =>
  permission === ALLOWED_PERMISSION && isMainFrame && url !== undefined && isAppUrl(url);

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowed(permission, details.isMainFrame, details.requestingUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    allowed(permission, details.isMainFrame, details.requestingUrl ?? requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  // Called without a device id (or with ''), each callback cancels the page's request.
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  session.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
}

/** No pop-ups, no <webview>, and no frame navigating or redirected away from app://. */
export function hardenContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Without preventDefault, Electron picks the first device it finds.
  contents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault();
    callback('');
  });
}

/** Every web contents the app makes, not only the window's, gets the rules above. */
export function hardenApp(app: App): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
}

/**
 * Electron's security handlers (electron/window/hardening.ts) against
 * stand-ins for the session, the web contents and the app: what each handler
 * answers, and that every device chooser is cancelled. Electron is not
 * launched.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { App, Session, WebContents } from 'electron';
import { hardenApp, hardenContents, hardenSession } from '../../electron/window/hardening.js';

type Handler = (...args: any[]) => any;

/** Keeps the handlers a session is given; its events are an EventEmitter's. */
class StandInSession extends EventEmitter {
  handlers: Record<string, Handler> = {};
  setPermissionRequestHandler(h: Handler) {
    this.handlers.permissionRequest = h;
  }
  setPermissionCheckHandler(h: Handler) {
    this.handlers.permissionCheck = h;
  }
  setDevicePermissionHandler(h: Handler) {
    this.handlers.devicePermission = h;
  }
  setDisplayMediaRequestHandler(h: Handler) {
    this.handlers.displayMedia = h;
  }
}

class StandInContents extends EventEmitter {
  windowOpen?: Handler;
  setWindowOpenHandler(h: Handler) {
    this.windowOpen = h;
  }
}

const event = () => ({ preventDefault: vi.fn() });

function hardenedSession() {
  const s = new StandInSession();
  hardenSession(s as unknown as Session);
  const request = (permission: string, details: { isMainFrame: boolean; requestingUrl: string }) => {
    const callback = vi.fn();
    s.handlers.permissionRequest({}, permission, callback, details);
    expect(callback).toHaveBeenCalledTimes(1);
    return callback.mock.calls[0][0] as boolean;
  };
  const check = (permission: string, origin: string, details: { isMainFrame: boolean; requestingUrl?: string }) =>
    s.handlers.permissionCheck({}, permission, origin, details) as boolean;
  return { s, request, check };
}

function hardenedContents() {
  const c = new StandInContents();
  hardenContents(c as unknown as WebContents);
  return c;
}

describe('the session (Electron is not launched)', () => {
  const app = { isMainFrame: true, requestingUrl: 'app://framescope/' };

  it("grants clipboard-sanitized-write to the app's own main frame, on request and on check", () => {
    const { request, check } = hardenedSession();
    expect(request('clipboard-sanitized-write', app)).toBe(true);
    expect(check('clipboard-sanitized-write', 'app://framescope', app)).toBe(true);
    // Chromium may leave requestingUrl out of a check: the origin then decides
    expect(check('clipboard-sanitized-write', 'app://framescope', { isMainFrame: true })).toBe(true);
  });

  it('refuses it to a subframe and to any other origin', () => {
    const { request, check } = hardenedSession();
    for (const details of [
      { isMainFrame: false, requestingUrl: 'app://framescope/' },
      { isMainFrame: true, requestingUrl: 'https://evil.example/' },
      { isMainFrame: true, requestingUrl: 'app://framescope.evil/' },
      { isMainFrame: true, requestingUrl: 'data:text/html,x' },
    ]) {
      expect(request('clipboard-sanitized-write', details), JSON.stringify(details)).toBe(false);
      expect(check('clipboard-sanitized-write', new URL(details.requestingUrl).origin, details), JSON.stringify(details)).toBe(false);
    }
    expect(check('clipboard-sanitized-write', 'https://evil.example', { isMainFrame: true })).toBe(false);
  });

  it('refuses every other permission, even to the app', () => {
    const { request, check } = hardenedSession();
    for (const permission of ['clipboard-read', 'media', 'display-capture', 'notifications', 'geolocation', 'hid', 'serial', 'usb', 'openExternal', 'fullscreen']) {
      expect(request(permission, app), permission).toBe(false);
      expect(check(permission, 'app://framescope', app), permission).toBe(false);
    }
  });

  it('denies every device and every screen capture', () => {
    const { s } = hardenedSession();
    expect(s.handlers.devicePermission({ deviceType: 'usb', origin: 'app://framescope', device: {} })).toBe(false);
    expect(s.handlers.devicePermission({ deviceType: 'hid', origin: 'app://framescope', device: {} })).toBe(false);
    const callback = vi.fn();
    s.handlers.displayMedia({ frame: null, securityOrigin: 'app://framescope', videoRequested: true, audioRequested: false, userGesture: true }, callback);
    expect(callback).toHaveBeenCalledWith(null);
  });

  it.each([
    ['select-hid-device', [{ deviceList: [{ deviceId: 'h1' }], frame: null }], []],
    ['select-usb-device', [{ deviceList: [{ deviceId: 'u1' }], frame: null }], []],
    ['select-serial-port', [[{ portId: 's1' }], {}], ['']],
  ])('cancels %s instead of letting a device be picked', (name, args, cancel) => {
    const { s } = hardenedSession();
    const e = event();
    const callback = vi.fn();
    expect(s.emit(name, e, ...args, callback)).toBe(true);
    expect(e.preventDefault).toHaveBeenCalled();
    expect(callback).toHaveBeenCalledWith(...cancel);
  });
});

describe('every web contents (Electron is not launched)', () => {
  it('opens no window', () => {
    expect(hardenedContents().windowOpen!({ url: 'app://framescope/' })).toEqual({ action: 'deny' });
  });

  it.each(['will-frame-navigate', 'will-redirect'])('%s: stays on app://, in any frame', (name) => {
    const c = hardenedContents();
    for (const [url, stays] of [
      ['app://framescope/index.html', true],
      ['https://example.com/', false],
      ['file:///etc/passwd', false],
      ['app://elsewhere/', false],
      ['javascript:alert(1)', false],
    ] as const) {
      for (const isMainFrame of [true, false]) {
        const e = { ...event(), url, isMainFrame };
        c.emit(name, e);
        expect(e.preventDefault.mock.calls.length, `${url} (main frame: ${isMainFrame})`).toBe(stays ? 0 : 1);
      }
    }
  });

  it('attaches no <webview>', () => {
    const e = event();
    hardenedContents().emit('will-attach-webview', e, {}, { src: 'https://example.com/' });
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it('cancels select-bluetooth-device instead of letting the first device be picked', () => {
    const e = event();
    const callback = vi.fn();
    hardenedContents().emit('select-bluetooth-device', e, [{ deviceId: 'b1', deviceName: 'x' }], callback);
    expect(e.preventDefault).toHaveBeenCalled();
    expect(callback).toHaveBeenCalledWith('');
  });
});

describe('the app (Electron is not launched)', () => {
  it('hardens every web contents it makes, not only the window', () => {
    const app = new EventEmitter();
    hardenApp(app as unknown as App);
    const c = new StandInContents();
    app.emit('web-contents-created', {}, c);
    expect(c.windowOpen).toBeDefined();
    expect(c.listenerCount('will-frame-navigate')).toBe(1);
    expect(c.listenerCount('select-bluetooth-device')).toBe(1);
  });
});

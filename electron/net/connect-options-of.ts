import type { z } from 'zod';
import type { ConnectSettings } from '../../shared/connect-settings.js';
import { headerProblem, originProblem, subprotocolProblem } from '../protocol/handshake.js';
import type { DeflateOffer } from '../protocol/permessage-deflate.js';
import type { ConnectOptions } from './connection.js';
import { parseWsUrl } from './ws-url.js';
import { socketIoUrl } from '../../shared/subprotocols/socketio.js';

/** Connection settings as they arrive to be opened: defaults applied, {{variables}} resolved. */
export type OpenSettings = z.output<typeof ConnectSettings>;

/** The TLS files the settings name, already read (by whoever may read them: a dialog's pick, an upload, a path on the command line). */
export interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** Settings that cannot open a connection; `field` names the setting, so the command line can name its flag. */
export class SettingsProblem extends Error {
  constructor(
    readonly field: 'url' | 'headers' | 'subprotocols' | 'origin',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The one way from settings to a connection's options, for the app, the
 * command line and scenarios alike: checks what would otherwise fail later
 * or reach the wire malformed, and throws SettingsProblem for it.
 * `missing` are the {{variables}} that had no value; `deflateOffer` is the
 * command line's detailed offer in place of plain deflate.
 */
export function connectOptionsOf(s: OpenSettings, tls: TlsFiles = {}, o: { missing?: string[]; deflateOffer?: DeflateOffer } = {}): ConnectOptions {
  // a URL still holding an unknown {{variable}} would only fail later, at DNS or on the server
  const unknownInUrl = (o.missing ?? []).filter((m) => s.url.includes(`{{${m}}}`) || s.url.includes(`{{ ${m} }}`));
  if (unknownInUrl.length) {
    throw new SettingsProblem('url', `the URL uses ${unknownInUrl.map((m) => `{{${m}}}`).join(', ')}, which has no value in the active environment or the profile`);
  }
  let url: URL;
  try {
    // a Socket.IO server's URL (http too) gets the Engine.IO path and query it needs
    url = parseWsUrl(s.helper === 'socketio' ? socketIoUrl(s.url.trim()) : s.url.trim());
  } catch (e) {
    throw new SettingsProblem('url', (e as Error).message);
  }
  // after variables are resolved: a profile, an environment or an imported HAR may supply any of these
  const headers = s.headers.map(([name, value]) => headerProblem(name, value)).find(Boolean);
  if (headers) throw new SettingsProblem('headers', headers);
  const subprotocols = s.subprotocols.map(subprotocolProblem).find(Boolean);
  if (subprotocols) throw new SettingsProblem('subprotocols', subprotocols);
  const origin = s.origin !== undefined ? originProblem(s.origin) : null;
  if (origin) throw new SettingsProblem('origin', origin);
  return {
    url: url.href,
    headers: s.headers,
    subprotocols: s.subprotocols,
    origin: s.origin,
    deflate: o.deflateOffer ?? s.deflate,
    lenient: s.lenient,
    maxPayload: s.maxPayload,
    autoPong: s.autoPong,
    answerClose: s.answerClose,
    insecure: s.insecure,
    ...tls,
    proxy: s.proxy,
    followRedirects: s.followRedirects,
    connectTimeout: s.connectTimeout,
    closeTimeout: s.closeTimeout,
    sendTimeout: s.sendTimeout,
    pingInterval: s.pingInterval,
    pongTimeout: s.pongTimeout,
  };
}

import { isUtf8 } from 'node:buffer';
import { parseHex, toHex } from '../../shared/hex.js';
import { CallError } from '../../shared/ipc/api.js';
import type { CallArgs } from '../../shared/ipc/schemas.js';
import type { HandlersFor } from '../ipc/dispatch.js';
import { CommandError } from '../protocol/client.js';
import { encodeJson } from '../codecs/encode-json.js';
import type { ProtoTypes } from '../codecs/proto-types.js';
import type { SessionRegistry } from './session-registry.js';
import type { UploadStore } from './upload-store.js';
import type { VariableResolver } from './service-types.js';

/** What the session.* calls act on. */
export interface SessionCalls {
  registry: SessionRegistry;
  uploads: UploadStore;
  /** the workspace: saved messages, and files kept from uploads; without one, neither exists */
  resolver?: VariableResolver;
  /** the workspace's .proto types, read when called */
  protos: () => ProtoTypes | undefined;
  /** opens a connection from a window's settings; returns its session id */
  open(input: CallArgs<'session.open'>): Promise<string>;
  /** ends a session: a recording's log let go, a connection dropped (after a 1001 and its closing handshake, when going away) */
  dispose(sessionId: string, goingAway: boolean): Promise<void>;
}

/**
 * The session.* calls (and keeping an upload as a file the settings name),
 * each handed to the session it names; a command its connection refuses in
 * its state (a send after close) is the call's COMMAND error.
 */
export function sessionHandlers(o: SessionCalls): HandlersFor<'session'> & Pick<HandlersFor<'upload'>, 'upload.asFile'> {
  return commandsRefusedAsCalls(handlersOf(o));
}

function commandsRefusedAsCalls<T extends object>(handlers: T): T {
  const refused = (e: unknown) => (e instanceof CommandError ? new CallError('COMMAND', e.message) : e);
  const wrapped = Object.entries(handlers).map(([name, handler]: [string, (args: unknown) => unknown]) => [
    name,
    async (args: unknown) => {
      try {
        return await handler(args);
      } catch (e) {
        throw refused(e);
      }
    },
  ]);
  return Object.fromEntries(wrapped) as T;
}

function handlersOf(o: SessionCalls): HandlersFor<'session'> & Pick<HandlersFor<'upload'>, 'upload.asFile'> {
  const { registry, uploads, resolver } = o;
  const connection = (sessionId: string) => registry.get(sessionId).connection;
  const workspace = (what: string) => {
    if (!resolver) throw new CallError('NOT_FOUND', `no workspace is open here: ${what}`);
    return resolver;
  };
  return {
    'session.open': async (input) => ({ sessionId: await o.open(input) }),
    'session.list': () => ({ sessions: registry.list() }),
    'session.reconnect': ({ sessionId }) => {
      registry.get(sessionId).reconnectNow();
      return {};
    },
    'session.send': (m) => {
      const c = connection(m.sessionId);
      if ('uploadId' in m) {
        const bytes = uploads.take(m.uploadId);
        if (m.kind === 'text' && !isUtf8(bytes)) throw new CallError('INVALID_INPUT', 'session.send: the uploaded text is not valid UTF-8 (send it as binary)');
        if (m.kind === 'text') c.sendText(bytes.toString('utf8'), m.fragments);
        else c.sendBinary(bytes, m.fragments);
      } else if (m.kind === 'text') {
        c.sendText(m.text, m.fragments);
      } else {
        c.sendBinary(parseHex(m.dataHex), m.fragments);
      }
      return {};
    },
    'session.sendSaved': async ({ sessionId, profileId, message }) => {
      const c = connection(sessionId);
      const m = await workspace('saved messages cannot be sent').savedMessage(profileId, message);
      if (m.kind === 'text') c.sendText(m.text, 1);
      else if (m.kind === 'binary') c.sendBinary(parseHex(m.hex), 1);
      else c.sendBinary(await encodeJson(m.codec, m.json, m.messageType, o.protos()), 1);
      return {};
    },
    'session.sendEncoded': async ({ sessionId, codec, json, messageType, fragments }) => {
      const c = connection(sessionId);
      const bytes = await encodeJson(codec, json, messageType, o.protos());
      c.sendBinary(bytes, fragments);
      return { hex: toHex(bytes) };
    },
    'session.setEngineIoAutoPong': ({ sessionId, enabled }) => {
      registry.get(sessionId).engineIoAutoPong = enabled;
      return {};
    },
    'session.ping': ({ sessionId, payloadHex }) => {
      connection(sessionId).ping(parseHex(payloadHex));
      return {};
    },
    'session.pong': ({ sessionId, payloadHex }) => {
      connection(sessionId).pong(parseHex(payloadHex));
      return {};
    },
    'session.close': ({ sessionId, code, reason }) => {
      registry.get(sessionId).close(code, reason);
      return {};
    },
    'session.sendFrame': ({ sessionId, spec: { payloadHex, maskKey, ...header } }) => {
      connection(sessionId).sendFrame({ ...header, maskKey: maskKey ? parseHex(maskKey) : undefined, payload: parseHex(payloadHex) });
      return {};
    },
    'session.setAutoPong': ({ sessionId, enabled }) => {
      connection(sessionId).setAutoPong(enabled);
      return {};
    },
    'session.setAnswerClose': ({ sessionId, enabled }) => {
      connection(sessionId).setAnswerClose(enabled);
      return {};
    },
    'session.setHeartbeat': ({ sessionId, intervalMs, pongTimeoutMs }) => {
      connection(sessionId).setHeartbeat(intervalMs, pongTimeoutMs);
      return {};
    },
    'session.dispose': async ({ sessionId, goingAway }) => {
      await o.dispose(sessionId, goingAway);
      return {};
    },
    'upload.asFile': ({ uploadId, name }) => ({ path: workspace('files cannot be kept').keepFile(name, uploads.take(uploadId)) }),
  };
}

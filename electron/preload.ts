import { contextBridge, ipcRenderer } from 'electron';
import type { Bridge, CallReply } from '../shared/ipc/api.js';
import type { PushName } from '../shared/ipc/events.js';
import { CALL_CHANNEL, PUSH_CHANNEL } from './ipc/channels.js';

/**
 * The renderer's only door to the main process: the typed contract of
 * shared/ipc as window.framescope = { call, on }, a call answering with its
 * reply as data (the page makes a failed one its CallError: contextBridge
 * would copy a thrown one without its code). ipcRenderer itself is never
 * exposed, so the page can reach no channel but these two, and the IPC event
 * (which carries the sender) never reaches it. Bundled into one CommonJS
 * file, because a sandboxed preload can require nothing but 'electron'.
 */
const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(PUSH_CHANNEL, (_event, name: string, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const bridge: Bridge = {
  call: (name, input) => ipcRenderer.invoke(CALL_CHANNEL, name, input) as Promise<CallReply>,
  on(name: PushName, listener: (payload: never) => void) {
    const set = listeners.get(name) ?? new Set();
    listeners.set(name, set);
    set.add(listener as (payload: unknown) => void);
    return () => {
      set.delete(listener as (payload: unknown) => void);
    };
  },
};

contextBridge.exposeInMainWorld('framescope', bridge);

import { monaco } from './monaco-setup';
import { activeTabId, patchTab, useTabs, type AppState } from '../../store/app-store';
import { send, sendCrafted, sendEncoded, sendFile } from '../../store/actions';
import { hexToBase64, textToHex, toHex } from '../../lib/bytes';
import { draftToHex } from './payload-input';
import { canSendDraft, codecOf, fileToSend, fragmentCount, messageTypeOf } from './composer-draft';

/** A loaded file up to this size goes into the editor as hex to edit; a larger one is sent as it is. */
export const EDITABLE_FILE_BYTES = 256 * 1024;

/** Where a tab's draft of one kind lives in Monaco: one model per tab and kind, kept while the tab is open. */
export function draftModelPath(tabId: string, kind: AppState['kind']): string {
  return `${tabId}/${kind === 'text' ? 'message.txt' : 'message.bin'}`;
}

/**
 * Puts a value in a tab's draft as if typed into its editor, so Ctrl+Z
 * brings back what was there. A model not made yet takes the draft from the
 * store when the editor first shows it.
 */
export function replaceDraft(tabId: string, kind: AppState['kind'], value: string): void {
  const model = monaco.editor.getModel(monaco.Uri.parse(draftModelPath(tabId, kind)));
  if (model) {
    model.pushStackElement();
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
    model.pushStackElement();
  }
  patchTab(tabId, (s) => ({ draft: { ...s.draft, [kind]: value } }));
}

/**
 * Sends the tab's draft, as the Composer's Send does (and the menu's Send,
 * which reaches the same tab whether or not its Composer is on screen).
 * Sent, the draft clears as in a terminal, so the next one is typed fresh;
 * Ctrl+Z or the history brings it back.
 */
export async function sendDraft(tabId = activeTabId()): Promise<void> {
  const s = useTabs.getState().tabs[tabId];
  if (!s || !canSendDraft(s)) return;
  const n = fragmentCount(s);
  const file = fileToSend(s);
  patchTab(tabId, { sending: true });
  try {
    if (file) {
      if (await sendFile(file, n)) patchTab(tabId, { attached: null });
      return;
    }
    const kind = s.kind;
    const body = s.draft[kind];
    const codec = codecOf(s);
    let sent: boolean;
    if (codec) sent = await sendEncoded(codec, body, messageTypeOf(s), n);
    else {
      const binary = kind === 'binary' ? draftToHex(body, s.binaryFormat) : null;
      if (binary && 'error' in binary) return;
      const hex = binary ? binary.hex : textToHex(body);
      // After our close the RFC forbids data; "send anyway" is a deliberate, crafted frame.
      sent = s.phase === 'closing' ? await sendCrafted({ opcode: kind === 'text' ? 1 : 2, payloadHex: hex }) : await send(kind, binary ? { dataHex: hex } : { text: body }, n);
    }
    // only if it is still what went out: a draft typed while the send was on its way is the next message, not this one
    if (sent && useTabs.getState().tabs[tabId]?.draft[kind] === body) replaceDraft(tabId, kind, '');
  } finally {
    patchTab(tabId, { sending: false });
  }
}

/** Loads a file as the tab's binary draft: as hex (or base64) to edit, or, too large for that, attached to send as it is. */
export async function loadFileIntoDraft(tabId: string, file: File): Promise<void> {
  patchTab(tabId, { kind: 'binary', attached: file.size > EDITABLE_FILE_BYTES ? file : null });
  if (file.size > EDITABLE_FILE_BYTES) return;
  const hex = toHex(new Uint8Array(await file.arrayBuffer()));
  const format = useTabs.getState().tabs[tabId]?.binaryFormat;
  replaceDraft(tabId, 'binary', format === 'base64' ? hexToBase64(hex) : hex);
}

/** Puts a message from the history back in the tab's draft (a file sent as it was is attached again). */
export function reuseFromHistory(tabId: string, entry: AppState['history'][number]): void {
  if (entry.file) return patchTab(tabId, { kind: entry.kind, attached: entry.file });
  patchTab(tabId, entry.kind === 'binary' ? { kind: 'binary', binaryFormat: 'hex' } : { kind: 'text' });
  replaceDraft(tabId, entry.kind, entry.body);
}

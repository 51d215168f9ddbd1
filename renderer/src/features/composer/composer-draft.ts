import type { AppState } from '../../store/app-store';
import { BINARY_CODECS, type BinaryCodec } from '../../../../shared/codecs/codec-ids';
import type { SavedMessage } from '../../../../shared/workspace';
import { draftToHex } from './payload-input';

/** A draft as a profile saves it (without its name), or the problem that keeps it from being saved. */
export type Draft = DistributiveOmit<SavedMessage, 'name'> | { error: string };
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/** What of a tab the composer reads: a panel that subscribes to only these is not woken by every summary. */
const VIEW_KEYS = ['kind', 'draft', 'binaryFormat', 'fragments', 'sendAnyway', 'attached', 'encodeChoice', 'typeChoice', 'sending', 'history', 'phase', 'sessionId', 'settings'] as const;
export type ComposerView = Pick<AppState, (typeof VIEW_KEYS)[number]>;

export function composerView(s: AppState): ComposerView {
  return Object.fromEntries(VIEW_KEYS.map((k) => [k, s[k]])) as ComposerView;
}

/** The codec the text draft goes out encoded in: the person's pick, else the connection's codec when that is a binary one. */
export function codecOf(s: ComposerView): BinaryCodec | null {
  if (s.kind !== 'text') return null;
  const connectionCodec = (BINARY_CODECS as readonly string[]).includes(s.settings.codec ?? '') ? (s.settings.codec as BinaryCodec) : null;
  const choice = s.encodeChoice ?? connectionCodec ?? 'none';
  return choice === 'none' ? null : choice;
}

/** The Protobuf message type the draft is encoded as: the person's pick, else the connection's outgoing type. */
export function messageTypeOf(s: ComposerView): string | undefined {
  return codecOf(s) === 'protobuf' ? (s.typeChoice ?? s.settings.protoOut) || undefined : undefined;
}

/** A file too large to edit as hex, sent as it is (only while Binary is chosen). */
export function fileToSend(s: ComposerView): File | null {
  return s.kind === 'binary' ? s.attached : null;
}

/** How many fragments the message goes out in, as typed (anything that is not a count is one). */
export function fragmentCount(s: ComposerView): number {
  return Math.max(1, Math.floor(Number(s.fragments)) || 1);
}

/**
 * Whether the draft can go out now: on an open connection, or after our
 * close only as a deliberate crafted frame ("send anyway"), and only when
 * it reads as what its kind says. An encoded draft's JSON is checked by the
 * main process that encodes it.
 */
export function canSendDraft(s: ComposerView): boolean {
  const file = fileToSend(s);
  const codec = codecOf(s);
  const closing = s.phase === 'closing';
  if (s.sending || !s.sessionId || !(s.phase === 'open' || (closing && s.sendAnyway && !file && !codec))) return false;
  return file !== null || s.kind === 'text' || 'hex' in draftToHex(s.draft.binary, s.binaryFormat);
}

/** The tab's draft as a saved message would hold it. */
export function draftOf(s: ComposerView): Draft {
  const file = fileToSend(s);
  if (file) return { error: `${file.name} is too large to save as a message` };
  const codec = codecOf(s);
  if (codec) {
    const messageType = messageTypeOf(s);
    return { kind: 'encoded', codec, json: s.draft.text, ...(messageType ? { messageType } : {}) };
  }
  if (s.kind === 'text') return { kind: 'text', text: s.draft.text };
  const parsed = draftToHex(s.draft.binary, s.binaryFormat);
  return 'hex' in parsed ? { kind: 'binary', hex: parsed.hex } : { error: parsed.error };
}

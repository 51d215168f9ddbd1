import { describe, expect, it } from 'vitest';
import { canSendDraft, codecOf, draftOf, fragmentCount, messageTypeOf } from '../../renderer/src/features/composer/composer-draft';
import { newTab, type AppState } from '../../renderer/src/store/app-store';

/** A tab open on a connection, with these changes. */
function tab(patch: Partial<AppState> = {}): AppState {
  return { ...newTab(), sessionId: 's1', phase: 'open', ...patch };
}

describe("a tab's draft, as a saved message holds it", () => {
  it('is its text, or its bytes as hex whatever the format typed', () => {
    expect(draftOf(tab({ draft: { text: 'hi', binary: '' } }))).toEqual({ kind: 'text', text: 'hi' });
    expect(draftOf(tab({ kind: 'binary', draft: { text: '', binary: 'AP+r' }, binaryFormat: 'base64' }))).toEqual({ kind: 'binary', hex: '00ffab' });
  });

  it('is JSON with its codec and type when the text goes out encoded: picked, or the connection codec', () => {
    const settings = { url: 'ws://x/', codec: 'protobuf' as const, protoOut: 'market.Trade' };
    expect(draftOf(tab({ settings, draft: { text: '{}', binary: '' } }))).toEqual({ kind: 'encoded', codec: 'protobuf', json: '{}', messageType: 'market.Trade' });
    expect(draftOf(tab({ settings, encodeChoice: 'none', draft: { text: '{}', binary: '' } }))).toEqual({ kind: 'text', text: '{}' });
    expect(draftOf(tab({ encodeChoice: 'msgpack', draft: { text: '[1]', binary: '' } }))).toEqual({ kind: 'encoded', codec: 'msgpack', json: '[1]' });
  });

  it('names what keeps it from being saved', () => {
    expect(draftOf(tab({ kind: 'binary', draft: { text: '', binary: 'zz' } }))).toHaveProperty('error');
    const big = new File([new Uint8Array(10)], 'big.bin');
    expect(draftOf(tab({ kind: 'binary', attached: big }))).toEqual({ error: 'big.bin is too large to save as a message' });
  });
});

describe('the codec and type a draft is encoded in', () => {
  it('follow the connection unless picked, and apply to text only', () => {
    const settings = { url: 'ws://x/', codec: 'cbor' as const };
    expect(codecOf(tab({ settings }))).toBe('cbor');
    expect(codecOf(tab({ settings, kind: 'binary' }))).toBeNull();
    expect(codecOf(tab({ settings: { url: 'ws://x/', codec: 'json' } }))).toBeNull();
    expect(messageTypeOf(tab({ encodeChoice: 'protobuf', typeChoice: 'a.B' }))).toBe('a.B');
    expect(messageTypeOf(tab({ encodeChoice: 'msgpack', typeChoice: 'a.B' }))).toBeUndefined();
  });
});

describe('whether a draft can be sent', () => {
  it('on an open connection, when it reads as its kind', () => {
    expect(canSendDraft(tab())).toBe(true);
    expect(canSendDraft(tab({ kind: 'binary', draft: { text: '', binary: 'abc' } }))).toBe(false);
    expect(canSendDraft(tab({ phase: 'connecting' }))).toBe(false);
    expect(canSendDraft(tab({ sessionId: null }))).toBe(false);
    expect(canSendDraft(tab({ sending: true }))).toBe(false);
  });

  it('after our close only as a crafted frame asked for, never a file or an encoded one', () => {
    expect(canSendDraft(tab({ phase: 'closing' }))).toBe(false);
    expect(canSendDraft(tab({ phase: 'closing', sendAnyway: true }))).toBe(true);
    expect(canSendDraft(tab({ phase: 'closing', sendAnyway: true, encodeChoice: 'cbor' }))).toBe(false);
    expect(canSendDraft(tab({ phase: 'closing', sendAnyway: true, kind: 'binary', attached: new File([], 'f') }))).toBe(false);
  });

  it('in as many fragments as typed, one when what is typed is not a count', () => {
    expect(fragmentCount(tab({ fragments: '3' }))).toBe(3);
    expect(fragmentCount(tab({ fragments: 'x' }))).toBe(1);
    expect(fragmentCount(tab({ fragments: '0' }))).toBe(1);
  });
});

import { useState } from 'react';
import { useApp } from '../../store/app-store';
import { draftOf } from '../composer/composer-draft';
import { putSavedMessage, removeSavedMessage, sendSaved } from './profile-actions';
import { useWorkspace } from './workspace-store';
import type { SavedMessage } from '../../../../shared/workspace';
import { CODEC_NAMES } from '../../../../shared/codecs/codec-ids';

const PREVIEW = 60;

/** A saved message as the list shows it: text as it is, bytes as hex, an encoded one as its codec and JSON. */
function savedText(m: SavedMessage): string {
  if (m.kind === 'text') return m.text;
  if (m.kind === 'binary') return `hex ${m.hex}`;
  return `${CODEC_NAMES[m.codec]}${m.messageType ? ` ${m.messageType}` : ''} ${m.json}`;
}

/** A profile's named messages, each one click from the wire, and the composer's draft saved as another. */
export function SavedMessages({ profileId, profileName }: { profileId: string; profileName: string }) {
  const messages = useWorkspace((s) => s.profiles[profileId]?.profile.messages);
  const open = useApp((s) => s.phase === 'open');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const addDraft = async () => {
    const draft = draftOf(useApp.getState());
    if ('error' in draft) return setProblem(`The draft cannot be saved: ${draft.error}`);
    setProblem(null);
    if (await putSavedMessage(profileId, { name: name.trim(), ...draft })) setName('');
  };

  if (!messages) return <p className="empty">Loading…</p>;
  return (
    <div className="saved-messages">
      <ul aria-label={`Saved messages of ${profileName}`}>
        {messages.map((m) => (
          <li key={m.name}>
            <button type="button" className="small" disabled={!open} title={open ? 'Send on this tab’s connection' : 'Connect first'} onClick={() => void sendSaved(profileId, m.name)}>
              Send {m.name}
            </button>
            <span className="saved-preview" title={savedText(m)}>
              {savedText(m).slice(0, PREVIEW)}
            </span>
            <button type="button" className="link" aria-label={`Remove ${m.name}`} onClick={() => void removeSavedMessage(profileId, m.name)}>
              ×
            </button>
          </li>
        ))}
      </ul>
      {messages.length === 0 && <p className="empty">No saved messages yet: write one in the composer, name it below and save it; it is then sent with one click.</p>}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) void addDraft();
        }}
      >
        <input aria-label="Saved message name" className="grow" placeholder="Message name" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="secondary small" disabled={!name.trim()}>
          Save draft as message
        </button>
      </form>
      {problem && (
        <p className="inline-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

import { useState } from 'react';

/** Renames a listed thing in place; `rename` resolves true once the new name is saved. */
export function RenameForm({ name, rename, done }: { name: string; rename: (newName: string) => Promise<boolean>; done: () => void }) {
  const [newName, setNewName] = useState(name);
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        if (newName.trim()) void rename(newName.trim()).then((ok) => ok && done());
      }}
    >
      <input aria-label={`New name for ${name}`} className="grow" value={newName} autoFocus onChange={(e) => setNewName(e.target.value)} />
      <button type="submit" disabled={!newName.trim()}>
        Save name
      </button>
      <button type="button" className="secondary" onClick={done}>
        Cancel
      </button>
    </form>
  );
}

/** Asks in the page, never with a window.confirm dialog, before a file is deleted. */
export function ConfirmDelete({ name, remove, done }: { name: string; remove: () => void; done: () => void }) {
  return (
    <div className="row confirm" role="group" aria-label={`Delete ${name}?`}>
      <span>Delete “{name}” and its file?</span>
      <button type="button" className="danger" onClick={remove}>
        Yes, delete {name}
      </button>
      <button type="button" className="secondary" autoFocus onClick={done}>
        Keep it
      </button>
    </div>
  );
}

/** A problem said where the person acted, with a button (named for it) that lets it go. */
export function Notice({ text, dismissLabel, onDismiss }: { text: string; dismissLabel: string; onDismiss: () => void }) {
  return (
    <div className="notice" role="alert">
      {text}
      <button type="button" className="link" aria-label={dismissLabel} onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}

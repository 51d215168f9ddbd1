import { useModalDialog } from './use-modal-dialog';
import { useAsk } from './ask';

/** The page's one modal question (see ask()): a dialog with its choices, the safe one focused. */
export function AskDialog() {
  const question = useAsk((s) => s.question);
  const answer = useAsk((s) => s.answer);
  const dialog = useModalDialog(question !== null);
  return (
    <dialog ref={dialog} className="sheet ask" aria-labelledby="ask-title" aria-describedby="ask-body" onCancel={() => answer?.(null)}>
      {question && (
        <>
          <h2 id="ask-title">{question.title}</h2>
          <p id="ask-body">{question.body}</p>
          <div className="row">
            {question.choices.map((c, i) => (
              <button key={c.value} type="button" className={i === 0 ? 'secondary' : undefined} autoFocus={i === 0} onClick={() => answer?.(c.value)}>
                {c.label}
              </button>
            ))}
          </div>
        </>
      )}
    </dialog>
  );
}

import { useModalDialog } from '../../lib/use-modal-dialog';
import { MENU_SHORTCUTS } from '../../../../shared/ipc/events';
import { shortcutLabel } from '../../lib/accelerator';
import { useShortcutSheet } from './shortcut-sheet';

const ROWS: [string, string][] = [
  [shortcutLabel(MENU_SHORTCUTS.send), 'Send the message in the editor'],
  [shortcutLabel(MENU_SHORTCUTS.connect), 'Connect'],
  [shortcutLabel(MENU_SHORTCUTS.ping), 'Send an empty ping'],
  [shortcutLabel(MENU_SHORTCUTS.close), 'Close the connection normally (1000)'],
  ['Esc', 'Leave the message editor (focus goes to Send)'],
  ['↑ ↓', 'Select the previous or next row of the log'],
  ['← → Home End', 'Move between tabs'],
  ['?', 'Show this sheet'],
];

/** Every keyboard shortcut, in a dialog that Esc or its button closes; focus comes back where it was. */
export function ShortcutSheet() {
  const open = useShortcutSheet((s) => s.open);
  const dialog = useModalDialog(open);
  return (
    <dialog ref={dialog} className="sheet" aria-labelledby="shortcuts-title" onClose={() => useShortcutSheet.setState({ open: false })}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table className="kv">
        <tbody>
          {ROWS.map(([keys, what]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" autoFocus>
          Done
        </button>
      </form>
    </dialog>
  );
}

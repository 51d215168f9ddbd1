import { useEffect } from 'react';
import { ArrowLeft, ArrowUp, Keyboard } from 'lucide-react';
import { openShortcutSheet } from '../shortcuts/shortcut-sheet';
import { dismissFirstRun, followFirstRun, showProfiles } from './first-run';

/**
 * Shown in the empty log the first time: where to start (the URL box), where
 * settings are kept (the profiles) and where the keyboard is explained (the
 * shortcut sheet), each with a button that goes there. It sits in the log's
 * own space, so it covers nothing, and goes once dismissed or once a first
 * connection opens.
 */
export function FirstRunHint() {
  useEffect(followFirstRun, []);
  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title">Getting started</h2>
      <ol>
        <li>
          <ArrowUp size={14} aria-hidden /> Type a <code>ws://</code> or <code>wss://</code> address in the URL box above and press Connect. Every frame shows up here as it crosses the wire.{' '}
          <button type="button" className="link" onClick={() => document.querySelector<HTMLInputElement>('input[aria-label="URL"]')?.focus()}>
            Go to the URL box
          </button>
        </li>
        <li>
          <ArrowLeft size={14} aria-hidden /> Keep settings you use again (headers, subprotocols, variables, saved messages) as a profile in the sidebar.{' '}
          <button type="button" className="link" onClick={showProfiles}>
            Show the profiles
          </button>
        </li>
        <li>
          <Keyboard size={14} aria-hidden /> Press <kbd>?</kbd> for every keyboard shortcut: connect, send, ping and close without the mouse.{' '}
          <button type="button" className="link" onClick={openShortcutSheet}>
            Show the shortcuts
          </button>
        </li>
      </ol>
      <button type="button" className="secondary small" onClick={dismissFirstRun}>
        Got it
      </button>
    </section>
  );
}

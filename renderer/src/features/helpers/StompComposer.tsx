import { useState } from 'react';
import { useApp } from '../../store/app-store';
import { send } from '../../store/actions';
import { encodeStomp } from '../../../../shared/subprotocols/stomp';

const COMMANDS = ['CONNECT', 'SUBSCRIBE', 'UNSUBSCRIBE', 'SEND', 'ACK', 'DISCONNECT'] as const;
type Command = (typeof COMMANDS)[number];

/** The headers each command starts with; the person edits them (one `name:value` a line, unescaped). */
function defaults(command: Command, host: string): string {
  switch (command) {
    case 'CONNECT':
      return `accept-version:1.2\nhost:${host}\nheart-beat:10000,10000`;
    case 'SUBSCRIBE':
      return 'id:sub-0\ndestination:/topic/test\nack:auto';
    case 'UNSUBSCRIBE':
      return 'id:sub-0';
    case 'SEND':
      return 'destination:/topic/test\ncontent-type:text/plain';
    case 'ACK':
      return 'id:';
    case 'DISCONNECT':
      return 'receipt:disconnect-0';
  }
}

/** `name:value` lines as headers, in order; the first colon splits (values may hold colons). */
function readHeaders(text: string): [string, string][] | string {
  const out: [string, string][] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return `header line ${i + 1} has no name:value`;
    out.push([line.slice(0, colon), line.slice(colon + 1)]);
  }
  return out;
}

/**
 * STOMP 1.2 frames written for you: the command, its headers (escaped as
 * the spec says, but in CONNECT), a body with its content-length, the NUL.
 * Sent as one text message.
 */
export function StompComposer() {
  const open = useApp((s) => s.phase === 'open');
  const url = useApp((s) => s.request?.url ?? s.settings.url);
  const host = (() => {
    try {
      return new URL(url).hostname;
    } catch {
      return 'localhost';
    }
  })();
  const [command, setCommand] = useState<Command>('CONNECT');
  const [headers, setHeaders] = useState(() => defaults('CONNECT', host));
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const parsed = readHeaders(headers);
  let frame = '';
  if (typeof parsed !== 'string') frame = new TextDecoder().decode(encodeStomp({ command, headers: parsed, body: command === 'SEND' ? body : undefined }));

  return (
    <section className="helper-composer" aria-label="STOMP composer">
      <div className="row">
        <label>
          Command{' '}
          <select
            aria-label="STOMP command"
            value={command}
            onChange={(e) => {
              const c = e.target.value as Command;
              setCommand(c);
              setHeaders(defaults(c, host));
            }}
          >
            {COMMANDS.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={!open || typeof parsed === 'string'}
          onClick={() => {
            setProblem(null);
            void send('text', { text: frame });
          }}
        >
          Send frame
        </button>
      </div>
      <label className="field">
        <span>Headers (name:value, one a line)</span>
        <textarea aria-label="STOMP headers" spellCheck={false} value={headers} onChange={(e) => setHeaders(e.target.value)} />
      </label>
      {command === 'SEND' && (
        <label className="field">
          <span>Body</span>
          <textarea aria-label="STOMP body" spellCheck={false} value={body} onChange={(e) => setBody(e.target.value)} />
        </label>
      )}
      {typeof parsed === 'string' && <p className="inline-error">{parsed}</p>}
      {problem && <p className="inline-error">{problem}</p>}
      <pre className="encoded-preview" aria-label="Frame to send">
        {frame.replace(/\0$/, '^@')}
      </pre>
    </section>
  );
}

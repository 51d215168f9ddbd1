import { useState } from 'react';
import { useApp } from '../../store/app-store';
import { send } from '../../store/actions';
import { encodeSubscribe } from '../../../../shared/subprotocols/graphql-ws';
import { readJson } from './json-field';

/**
 * graphql-transport-ws messages written for you: connection_init, a query
 * or subscription with variables under an operation id (the next one
 * offered after each), its complete, and ping.
 */
export function GraphqlComposer() {
  const open = useApp((s) => s.phase === 'open');
  const [init, setInit] = useState('');
  const [id, setId] = useState('1');
  const [query, setQuery] = useState('');
  const [variables, setVariables] = useState('');
  const [operationName, setOperationName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  /** the operation last subscribed: what Complete ends */
  const [last, setLast] = useState<string | null>(null);
  const go = async (text: string) => {
    setProblem(null);
    return send('text', { text });
  };
  const subscribe = async () => {
    const v = readJson('Variables', variables);
    if ('error' in v) return setProblem(v.error);
    if (v.value !== undefined && (typeof v.value !== 'object' || v.value === null || Array.isArray(v.value))) return setProblem('Variables: a JSON object');
    const sent = await go(encodeSubscribe(id, query, { variables: v.value, operationName: operationName.trim() || undefined }));
    // the next operation gets a fresh id: reusing one that still runs is what close code 4409 is for
    if (sent) setLast(id);
    if (sent && /^\d+$/.test(id)) setId(String(Number(id) + 1));
  };
  return (
    <section className="helper-composer" aria-label="GraphQL composer">
      <div className="row">
        <label>
          Init payload <input aria-label="Init payload (JSON)" placeholder='{"token": "…"} (optional)' value={init} onChange={(e) => setInit(e.target.value)} />
        </label>
        <button
          type="button"
          className="secondary"
          disabled={!open}
          onClick={() => {
            const p = readJson('Init payload', init);
            if ('error' in p) return setProblem(p.error);
            void go(JSON.stringify({ type: 'connection_init', ...(p.value !== undefined ? { payload: p.value } : {}) }));
          }}
        >
          Init
        </button>
        <button type="button" className="secondary" disabled={!open} onClick={() => void go(JSON.stringify({ type: 'ping' }))}>
          Send ping message
        </button>
      </div>
      <div className="row">
        <label>
          Operation id <input aria-label="Operation id" className="narrow" value={id} onChange={(e) => setId(e.target.value)} />
        </label>
        <label>
          Operation name <input aria-label="Operation name" placeholder="(optional)" value={operationName} onChange={(e) => setOperationName(e.target.value)} />
        </label>
        <button type="button" disabled={!open || !query.trim() || !id.trim()} onClick={() => void subscribe()}>
          Subscribe
        </button>
        <button type="button" className="secondary" disabled={!open || !(last ?? id).trim()} onClick={() => void go(JSON.stringify({ id: last ?? id, type: 'complete' }))}>
          Complete {last ?? id}
        </button>
      </div>
      <label className="field">
        <span>Query or subscription</span>
        <textarea aria-label="Query" spellCheck={false} placeholder="subscription { ticks }" value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      <label className="field">
        <span>Variables (JSON object)</span>
        <textarea aria-label="Variables" spellCheck={false} placeholder='{"to": 3}' value={variables} onChange={(e) => setVariables(e.target.value)} />
      </label>
      {problem && <p className="inline-error">{problem}</p>}
    </section>
  );
}

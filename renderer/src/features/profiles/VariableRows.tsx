import type { VarRow } from './env-draft';

/**
 * One environment's variables as a name/value table. A secret's stored value
 * never comes back to the page: its box is a password box that is empty
 * unless something new is typed, and it only says whether a value is set.
 */
export function VariableRows({ envName, rows, secretsSet, onChange }: { envName: string; rows: VarRow[]; secretsSet: string[]; onChange: (rows: VarRow[]) => void }) {
  const put = (i: number, patch: Partial<VarRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <>
      <table className="vars" aria-label={`Variables of ${envName}`}>
        <thead>
          <tr>
            <th>Name</th>
            <th>Value</th>
            <th>Secret</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => {
            const label = r.name || `variable ${i + 1}`;
            const stored = r.secret && secretsSet.includes(r.name);
            return (
              <tr key={i}>
                <td>
                  <input aria-label={`Name of ${envName} variable ${i + 1}`} value={r.name} spellCheck={false} onChange={(e) => put(i, { name: e.target.value })} />
                </td>
                <td>
                  <input
                    aria-label={`Value of ${label}`}
                    type={r.secret ? 'password' : 'text'}
                    autoComplete="off"
                    value={r.value}
                    spellCheck={false}
                    placeholder={r.secret ? (stored ? 'set' : 'not set') : ''}
                    title={stored ? 'A value is stored; type a new one to replace it' : undefined}
                    onChange={(e) => put(i, { value: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${label} is secret`}
                    checked={r.secret}
                    onChange={(e) => put(i, { secret: e.target.checked })}
                  />
                </td>
                <td>
                  <button type="button" className="link" aria-label={`Remove ${label}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                    ×
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" className="link" aria-label={`Add variable to ${envName}`} onClick={() => onChange([...rows, { name: '', value: '', secret: false }])}>
        + Add variable
      </button>
    </>
  );
}

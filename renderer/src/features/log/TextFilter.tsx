import { useApp } from '../../store/app-store';
import { applyFilterNow, editFilter } from './filter-actions';

/** The payload filter: plain text (or hex), or a regular expression, with or without matching case. */
export function TextFilter() {
  const input = useApp((s) => s.filterInput);
  const problem = useApp((s) => s.filterProblem?.field === 'text');
  return (
    <span className="text-filter">
      <input
        aria-label="Filter text"
        type="text"
        className="filter"
        spellCheck={false}
        placeholder={input.regex ? 'Regular expression' : 'Filter payloads (text or hex)'}
        value={input.text}
        aria-invalid={problem || undefined}
        aria-describedby={problem ? 'filter-problem' : undefined}
        onChange={(e) => editFilter({ text: e.target.value }, 'settled')}
        onKeyDown={(e) => {
          if (e.key === 'Enter') applyFilterNow();
          if (e.key === 'Escape') editFilter({ text: '' });
        }}
      />
      <button type="button" className="toggle" aria-label="Regular expression" title="Regular expression (ECMAScript syntax)" aria-pressed={input.regex} onClick={() => editFilter({ regex: !input.regex })}>
        .*
      </button>
      <button type="button" className="toggle" aria-label="Match case" title="Match case" aria-pressed={input.caseSensitive} onClick={() => editFilter({ caseSensitive: !input.caseSensitive })}>
        Aa
      </button>
    </span>
  );
}

import { useApp } from '../../store/app-store';
import { applyFilterNow, editFilter } from './filter-actions';
import { TIME_HELP, type FilterField, type FilterInput } from '../../lib/filter-input';

type Field = Extract<FilterField, keyof FilterInput>;

/** A filter field that applies once typing pauses, or at once on Enter. */
function FilterBox({ field, label, title, placeholder, className, numeric }: { field: Field; label: string; title: string; placeholder: string; className: string; numeric?: boolean }) {
  const value = useApp((s) => s.filterInput[field]);
  const problem = useApp((s) => s.filterProblem?.field === field);
  return (
    <input
      aria-label={label}
      title={title}
      placeholder={placeholder}
      className={className}
      type="text"
      inputMode={numeric ? 'numeric' : undefined}
      spellCheck={false}
      value={value}
      aria-invalid={problem || undefined}
      aria-describedby={problem ? 'filter-problem' : undefined}
      onChange={(e) => editFilter({ [field]: e.target.value }, 'settled')}
      onKeyDown={(e) => e.key === 'Enter' && applyFilterNow()}
    />
  );
}

/** Length, time and JSON conditions: the second row of the log's toolbar. */
export function MoreFilters() {
  return (
    <div className="log-toolbar more-filters" role="group" aria-label="Length, time and JSON filters">
      <span className="range">
        Length
        <FilterBox field="minLength" label="Minimum length" title="Shortest payload shown, in bytes (inclusive)" placeholder="min" className="length-box" numeric />
        –
        <FilterBox field="maxLength" label="Maximum length" title="Longest payload shown, in bytes (inclusive)" placeholder="max" className="length-box" numeric />
        B
      </span>
      <span className="range">
        Time
        <FilterBox field="fromTime" label="From time" title={`From (inclusive). ${TIME_HELP}`} placeholder="last 30 s, hh:mm" className="time-box" />
        –
        <FilterBox field="toTime" label="To time" title={`To (inclusive). ${TIME_HELP}`} placeholder="hh:mm:ss" className="time-box" />
      </span>
      <FilterBox
        field="json"
        label="JSON filter"
        title={'Messages that are JSON: $.path = value (a JSON value, or a bare word as a string), $.path != value, or $.path (present). Paths: $.a.b, $.list[0], $["odd key"].'}
        placeholder={'$.type = "trade"'}
        className="json-box"
      />
    </div>
  );
}

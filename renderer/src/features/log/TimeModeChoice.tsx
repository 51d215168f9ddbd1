import { useLogPrefs, type TimeMode } from './log-prefs';

/** How the log's times read: the clock, since the connection opened, or since the row before. */
export function TimeModeChoice() {
  const time = useLogPrefs((p) => p.time);
  return (
    <label className="time-mode">
      Time{' '}
      <select aria-label="Time shown as" value={time} onChange={(e) => useLogPrefs.setState({ time: e.target.value as TimeMode })}>
        <option value="absolute">clock time</option>
        <option value="since-open">since open</option>
        <option value="delta">delta from previous</option>
      </select>
    </label>
  );
}

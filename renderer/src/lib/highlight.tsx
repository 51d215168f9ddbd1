import type { ReactNode } from 'react';
import type { LogFilterSpec } from '../../../shared/log-filter';

export type Highlighter = (text: string) => ReactNode;

/**
 * Marks where the log's text filter matches in a piece of text (a row's
 * payload, the inspector's text), so a person sees why a row is listed.
 * Null when the filter has no text; a pattern that does not compile marks
 * nothing (the filter says what is wrong with it).
 */
export function highlighter(filter: LogFilterSpec): Highlighter | null {
  if (!filter.text) return null;
  let re: RegExp;
  try {
    const source = filter.regex ? filter.text : filter.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    re = new RegExp(source, `g${filter.caseSensitive ? '' : 'i'}u`);
  } catch {
    return null;
  }
  return (text) => {
    const out: ReactNode[] = [];
    let at = 0;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      // an empty match (a pattern like a*) marks nothing and must not stall
      if (m[0] === '') {
        re.lastIndex++;
        continue;
      }
      if (m.index > at) out.push(text.slice(at, m.index));
      out.push(<mark key={m.index}>{m[0]}</mark>);
      at = m.index + m[0].length;
    }
    if (!out.length) return text;
    if (at < text.length) out.push(text.slice(at));
    return out;
  };
}

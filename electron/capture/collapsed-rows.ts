import type { EventIndex } from './event-index.js';

/**
 * Rows listed with some left out: the continuation frames of the fragmented
 * messages whose group is collapsed in the frame log. The rows are a list
 * read by position (the log's rows, or a filter's matches); the left-out
 * ones are known by seq, and their positions found in that list, so a page
 * of the shorter list is read without walking the whole log.
 */
export interface RowList {
  total: number;
  /** seqs of the rows from..from+count */
  page(from: number, count: number): number[];
  /** where the row of event `seq` is in the list, or -1 when it is not in it */
  positionOf(seq: number): number;
}

/** The continuation frames of the collapsed groups, in seq order. */
export function hiddenSeqs(index: EventIndex, collapsed: readonly number[]): number[] {
  const hidden = new Set<number>();
  for (const first of collapsed) for (const seq of index.continuationsOf(first)) hidden.add(seq);
  return [...hidden].sort((a, b) => a - b);
}

/** Rows from..from+count of `list` without the `hidden` seqs, and how many rows that list has. */
export function pageWithout(list: RowList, hidden: readonly number[], from: number, count: number): { seqs: number[]; total: number } {
  const positions = hidden.map((seq) => list.positionOf(seq)).filter((p) => p >= 0);
  positions.sort((a, b) => a - b);
  // the row shown at `from` is the from-th row not left out: each left-out row at or before it moves it one on
  let at = from;
  let k = 0;
  while (k < positions.length && positions[k] <= at) {
    at++;
    k++;
  }
  const skip = new Set(hidden);
  const seqs: number[] = [];
  while (seqs.length < count && at < list.total) {
    const chunk = list.page(at, count - seqs.length + (positions.length - k));
    if (!chunk.length) break;
    for (const seq of chunk) if (!skip.has(seq) && seqs.length < count) seqs.push(seq);
    at += chunk.length;
  }
  return { seqs, total: list.total - positions.length };
}

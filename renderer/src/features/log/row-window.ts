/**
 * Which rows of a very long list are on screen, with every row the same
 * height. The list is laid out in a "virtual" space of count x ROW_HEIGHT
 * pixels; the scroll container holds at most MAX_CONTENT_PX, since browsers
 * cap an element's height (Chromium near 33.5 million px, Firefox near 17.9
 * million) and ten million rows are 240 million. Past that cap the
 * scrollbar stands for the rows at a scale, and rows are placed relative to
 * where the container is scrolled, so they still move a pixel at a time.
 * Everything here is O(1) in the number of rows.
 */
export const ROW_HEIGHT = 24;
export const MAX_CONTENT_PX = 8_000_000;

export interface RowSpace {
  count: number;
  /** the viewport's height in px */
  viewport: number;
  /** every row's height in px (the messages view's bubbles are taller); ROW_HEIGHT when absent */
  rowHeight?: number;
}

const heightOf = (space: RowSpace) => space.rowHeight ?? ROW_HEIGHT;

/** The scroll container's content height. */
export function contentHeight(space: RowSpace): number {
  return Math.min(space.count * heightOf(space), MAX_CONTENT_PX);
}

/** The furthest the top of the viewport can be, in virtual px. */
export function maxVirtualTop(space: RowSpace): number {
  return Math.max(0, space.count * heightOf(space) - space.viewport);
}

/** Virtual px per px of real scrolling: 1 until the cap. */
export function scrollScale(space: RowSpace): number {
  const real = contentHeight(space) - space.viewport;
  const virtual = maxVirtualTop(space);
  return real > 0 && virtual > real ? virtual / real : 1;
}

export function virtualFromScroll(scrollTop: number, space: RowSpace): number {
  return Math.min(maxVirtualTop(space), Math.max(0, scrollTop * scrollScale(space)));
}

export function scrollFromVirtual(virtualTop: number, space: RowSpace): number {
  return virtualTop / scrollScale(space);
}

/** The virtual top that shows row `index`: the least movement from `virtualTop` that brings it fully into view. */
export function virtualTopShowing(index: number, virtualTop: number, space: RowSpace): number {
  const h = heightOf(space);
  const top = index * h;
  if (top < virtualTop) return top;
  if (top + h > virtualTop + space.viewport) return Math.min(maxVirtualTop(space), top + h - space.viewport);
  return virtualTop;
}

export interface RowWindow {
  /** first and last row to render (overscan included), or last < first when there are none */
  first: number;
  last: number;
  /** where row `first` goes, in px from the top of the scroll content */
  top: number;
  /** the rows actually in the viewport, for loading what is seen first */
  visibleFirst: number;
  visibleLast: number;
}

/** The rows to render when the viewport's top is at `virtualTop` and the container is scrolled to `scrollTop`. */
export function rowWindow(virtualTop: number, scrollTop: number, space: RowSpace, overscan: number): RowWindow {
  const { count, viewport } = space;
  const h = heightOf(space);
  const visibleFirst = Math.min(count, Math.floor(virtualTop / h));
  const visibleLast = Math.min(count - 1, Math.ceil((virtualTop + viewport) / h) - 1);
  const first = Math.max(0, visibleFirst - overscan);
  const last = Math.min(count - 1, visibleLast + overscan);
  return { first, last, top: scrollTop + first * h - virtualTop, visibleFirst, visibleLast };
}

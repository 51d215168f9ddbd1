// The frame log's row arithmetic (renderer/src/features/log/row-window.ts):
// exact up to the height cap, scaled past it, O(1) whatever the count.
import { describe, expect, it } from 'vitest';
import { contentHeight, MAX_CONTENT_PX, maxVirtualTop, ROW_HEIGHT, rowWindow, scrollFromVirtual, scrollScale, virtualFromScroll, virtualTopShowing } from '../../renderer/src/features/log/row-window';

describe('row window', () => {
  it('maps scrolling one to one while the rows fit under the cap', () => {
    const space = { count: 1000, viewport: 240 };
    expect(contentHeight(space)).toBe(24_000);
    expect(scrollScale(space)).toBe(1);
    expect(virtualFromScroll(480, space)).toBe(480);
    expect(rowWindow(480, 480, space, 2)).toEqual({ first: 18, last: 31, top: 18 * ROW_HEIGHT, visibleFirst: 20, visibleLast: 29 });
  });

  it('scales ten million rows into the cap, and reaches the first and the last row', () => {
    const space = { count: 10_000_000, viewport: 600 };
    expect(contentHeight(space)).toBe(MAX_CONTENT_PX);
    const end = maxVirtualTop(space);
    expect(scrollFromVirtual(end, space)).toBeCloseTo(MAX_CONTENT_PX - 600, 6);
    const last = rowWindow(end, MAX_CONTENT_PX - 600, space, 0);
    expect(last.visibleLast).toBe(9_999_999);
    // the rows are placed from where the container is scrolled, so the last one ends at the content's end
    expect(last.top + (last.last - last.first + 1) * ROW_HEIGHT).toBeCloseTo(MAX_CONTENT_PX, 6);
    expect(rowWindow(virtualFromScroll(0, space), 0, space, 0).visibleFirst).toBe(0);
    // half way down the scrollbar is half way through the rows
    expect(rowWindow(virtualFromScroll((MAX_CONTENT_PX - 600) / 2, space), 0, space, 0).visibleFirst).toBe(Math.floor((end / 2) / ROW_HEIGHT));
  });

  it('moves the least that shows a row', () => {
    const space = { count: 100, viewport: 240 };
    expect(virtualTopShowing(5, 240, space)).toBe(120);
    expect(virtualTopShowing(12, 0, space)).toBe(13 * ROW_HEIGHT - 240);
    expect(virtualTopShowing(3, 0, space)).toBe(0);
  });

  it('has no rows to show for an empty log', () => {
    const w = rowWindow(0, 0, { count: 0, viewport: 300 }, 5);
    expect(w.last).toBeLessThan(w.first);
  });
});

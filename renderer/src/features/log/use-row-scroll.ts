import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { contentHeight, maxVirtualTop, ROW_HEIGHT, rowWindow, scrollFromVirtual, scrollScale, virtualFromScroll, virtualTopShowing, type RowSpace, type RowWindow } from './row-window';

const OVERSCAN = 6;
/** Until the viewport is measured, rows for a typical one. */
const FIRST_VIEWPORT_PX = 600;

export interface RowScroll {
  window: RowWindow;
  contentPx: number;
  /** brings row `index` into view (the person moved the selection) */
  show: (index: number) => void;
}

/**
 * Scrolling over `count` rows with the scroll element in `ref`: where the
 * viewport is (in the virtual space of row-window.ts), following the end
 * while `follow` holds, and noticing the person scroll: away from the end
 * stops following, back to it starts again (`setFollow`). Rows are `rowHeight` px tall.
 */
export function useRowScroll(ref: RefObject<HTMLDivElement | null>, count: number, follow: boolean, setFollow: (on: boolean) => void, rowHeight = ROW_HEIGHT): RowScroll {
  const [viewport, setViewport] = useState(FIRST_VIEWPORT_PX);
  const [virtualTop, setVirtualTop] = useState(0);
  const space: RowSpace = { count, viewport, rowHeight };
  /**
   * The scrollTop this code last wrote, or where the person last scrolled:
   * a scroll event that lands there is ours. Never read back after a write,
   * which would force a layout on every update.
   */
  const written = useRef<number | null>(null);
  // read by the scroll and key handlers, which run after the render that set it
  const latest = useRef({ space, virtualTop });
  useLayoutEffect(() => {
    latest.current = { space, virtualTop };
  });

  const scrollTo = useCallback(
    (v: number) => {
      setVirtualTop(v);
      const el = ref.current;
      const top = scrollFromVirtual(v, latest.current.space);
      if (!el || written.current === top) return;
      el.scrollTop = top;
      written.current = top;
    },
    [ref],
  );

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const resize = new ResizeObserver(() => setViewport(el.clientHeight || FIRST_VIEWPORT_PX));
    resize.observe(el);
    const onScroll = () => {
      const top = el.scrollTop;
      if (written.current !== null && Math.abs(top - written.current) < 1.5) return;
      written.current = top;
      setVirtualTop(virtualFromScroll(top, latest.current.space));
      setFollow(top + el.clientHeight >= el.scrollHeight - rowHeight / 2);
    };
    // Past the height cap, the browser's wheel step would skip rows by the
    // scale; the wheel moves the virtual space instead, a row at a time.
    const onWheel = (e: WheelEvent) => {
      const { space, virtualTop } = latest.current;
      if (scrollScale(space) === 1 || e.ctrlKey) return;
      e.preventDefault();
      const px = e.deltaMode === 1 ? e.deltaY * rowHeight : e.deltaMode === 2 ? e.deltaY * space.viewport : e.deltaY;
      const v = Math.min(maxVirtualTop(space), Math.max(0, virtualTop + px));
      scrollTo(v);
      setFollow(v >= maxVirtualTop(space) - rowHeight / 2);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      resize.disconnect();
      el.removeEventListener('scroll', onScroll);
      el.removeEventListener('wheel', onWheel);
    };
  }, [ref, scrollTo, setFollow, rowHeight]);

  // Following: the end, whenever rows come or the viewport changes. Not
  // following: the same rows stay in view, even when growth changes the scale.
  const target = follow ? maxVirtualTop(space) : Math.min(virtualTop, maxVirtualTop(space));
  useLayoutEffect(() => {
    if (target !== virtualTop || written.current !== scrollFromVirtual(target, space)) scrollTo(target);
  });

  const show = useCallback((index: number) => scrollTo(virtualTopShowing(index, latest.current.virtualTop, latest.current.space)), [scrollTo]);
  const scrollTop = scrollFromVirtual(target, space);
  return { window: rowWindow(target, scrollTop, space, OVERSCAN), contentPx: contentHeight(space), show };
}

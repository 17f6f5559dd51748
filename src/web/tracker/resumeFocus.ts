import { useEffect, useRef, type RefObject } from 'react';

/**
 * Where keyboard review resumes once a decided item has left its list: the item now at its place, else the first of
 * `fallback` (the next list on the desk), so an editor clears the whole desk without reaching for the mouse. The
 * declaration proposals and the endorsements waiting for review use it alike.
 *
 * `remember(item)` is called when a key decides `item`; the list reloads (`loaded` changes, `ready` true) and the
 * item leaves on that render, or (a rejection) only once its confirmation has closed and given focus back to an
 * opener that is gone: focus is watched for a second until it falls to the page (or to the confirmation notice, which
 * takes lost focus and is announced as a status anyway), then placed.
 */
export function useResumeFocus(list: RefObject<HTMLElement | null>, itemSelector: string, fallback: string | null, ready: boolean, loaded: unknown): (item: HTMLElement) => void {
  const resumeAt = useRef<number | null>(null);
  useEffect(() => {
    const at = resumeAt.current;
    if (at === null || !ready) return;
    let frames = 60;
    let handle = 0;
    const place = () => {
      const focused = document.activeElement;
      if (focused && focused !== document.body && focused.isConnected && !focused.matches('[role="status"]')) {
        if (--frames > 0) handle = requestAnimationFrame(place);
        return;
      }
      resumeAt.current = null;
      const items = itemsOf(list, itemSelector);
      (items[Math.min(at, items.length - 1)] ?? (fallback ? document.querySelector<HTMLElement>(fallback) : null))?.focus();
    };
    place();
    return () => cancelAnimationFrame(handle);
  }, [loaded]);
  return (item: HTMLElement) => {
    resumeAt.current = itemsOf(list, itemSelector).indexOf(item);
  };
}

/** J/K and the arrows on the desk: focus the item `step` places from `from` in `list`, stopping at either end. */
export function focusNeighbour(list: RefObject<HTMLElement | null>, itemSelector: string, from: HTMLElement, step: number): void {
  const items = itemsOf(list, itemSelector);
  items[Math.max(0, Math.min(items.length - 1, items.indexOf(from) + step))]?.focus();
}

function itemsOf(list: RefObject<HTMLElement | null>, itemSelector: string): HTMLElement[] {
  return [...(list.current?.querySelectorAll<HTMLElement>(itemSelector) ?? [])];
}

import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './api';

export type Loadable<T> =
  | { status: 'loading' }
  | { status: 'error'; error: Error }
  | { status: 'ready'; data: T };

/**
 * Runs an async loader when its dependencies change and exposes loading / error / data, plus a `reload`
 * that keeps the current data on screen while fresh data arrives (so pages do not flash after an action).
 */
export function useLoader<T>(load: () => Promise<T>, deps: readonly unknown[]): [Loadable<T>, () => Promise<void>] {
  const [state, setState] = useState<Loadable<T>>({ status: 'loading' });
  const generation = useRef(0);
  // The caller names the dependencies: `load` is a fresh closure on every render, so it cannot be one.
  const stableLoad = useCallback(load, deps);

  const run = useCallback(
    async (showLoading: boolean) => {
      const mine = ++generation.current;
      if (showLoading) setState({ status: 'loading' });
      try {
        const data = await stableLoad();
        if (mine === generation.current) setState({ status: 'ready', data });
      } catch (error) {
        if (mine === generation.current) setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      }
    },
    [stableLoad],
  );

  useEffect(() => {
    void run(true);
  }, [run]);

  const reload = useCallback(() => run(false), [run]);
  return [state, reload];
}

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Confidence` : 'Confidence';
  }, [title]);
}

let mailboxEnabled: Promise<boolean> | null = null;

/** The dev mailbox exists only in the demo; it is linked only when the server says it is on. */
export function useMailboxEnabled(): boolean {
  const [enabled, setEnabled] = useState(false);
  useEffect(() => {
    let live = true;
    mailboxEnabled ??= api.mailbox().then(
      (m) => m.enabled,
      () => false,
    );
    void mailboxEnabled.then((value) => live && setEnabled(value));
    return () => {
      live = false;
    };
  }, []);
  return enabled;
}

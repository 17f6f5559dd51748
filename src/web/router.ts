import { useEffect, useSyncExternalStore } from 'react';

/**
 * A history-based router small enough to read in one sitting: the app has five pages, and the server
 * answers every non-API path with index.html, so real URLs work on reload and when shared.
 */

export type Route =
  | { name: 'home' }
  | { name: 'procedure'; id: string }
  | { name: 'my-letter'; id: string | null }
  | { name: 'chair'; id: string | null }
  | { name: 'login'; next: string | null }
  | { name: 'mailbox' }
  | { name: 'tokens' }
  | { name: 'tracker'; trackerId: string }
  | { name: 'tracker-member'; trackerId: string; memberId: string }
  | { name: 'tracker-review'; trackerId: string }
  | { name: 'election'; eid: string }
  | { name: 'election-vote'; eid: string }
  | { name: 'election-verify'; eid: string }
  | { name: 'election-ceremony'; eid: string }
  | { name: 'contests' }
  | { name: 'contest'; contestId: string }
  | { name: 'contest-mp'; contestId: string }
  | { name: 'contest-chair'; contestId: string }
  | { name: 'contest-trustee'; contestId: string }
  | { name: 'contest-postal'; contestId: string }
  | { name: 'contest-verify'; contestId: string }
  | { name: 'preferential'; eid: string }
  | { name: 'preferential-vote'; eid: string }
  | { name: 'preferential-new' }
  | { name: 'preferential-chair'; eid: string }
  | { name: 'preferential-trustee'; eid: string }
  | { name: 'not-found'; path: string };

const NAVIGATE_EVENT = 'confidence:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const currentLocation = () => window.location.pathname + window.location.search;

export function useLocation(): string {
  return useSyncExternalStore(subscribe, currentLocation, () => '/');
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentLocation()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

export function parseRoute(location: string): Route {
  const url = new URL(location, 'http://local');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third] = parts;
  if (parts.length === 0) return { name: 'home' };
  if (first === 'login' && parts.length === 1) return { name: 'login', next: url.searchParams.get('next') };
  if (first === 'dev' && second === 'mailbox' && parts.length === 2) return { name: 'mailbox' };
  if (first === 'account' && second === 'tokens' && parts.length === 2) return { name: 'tokens' };
  if (first === 'my-letter' && parts.length === 1) return { name: 'my-letter', id: null };
  if (first === 'chair' && parts.length === 1) return { name: 'chair', id: null };
  if (first === 'procedures' && second) {
    if (parts.length === 2) return { name: 'procedure', id: second };
    if (parts.length === 3 && third === 'my-letter') return { name: 'my-letter', id: second };
    if (parts.length === 3 && third === 'chair') return { name: 'chair', id: second };
  }
  if (first === 'tracker') {
    // Public tracker pages: /tracker, /tracker/ID, /tracker/ID/members/MEMBER, /tracker/ID/review
    const trackerId = second ?? 'johnson-2022';
    if (parts.length <= 2) return { name: 'tracker', trackerId };
    if (parts.length === 4 && third === 'members' && parts[3]) return { name: 'tracker-member', trackerId, memberId: parts[3] };
    if (parts.length === 3 && third === 'review') return { name: 'tracker-review', trackerId };
  }
  if (first === 'elections' && second) {
    // The verifiable confidence vote (issue 4): /elections/EID, /elections/EID/vote, /elections/EID/verify
    if (parts.length === 2) return { name: 'election', eid: second };
    if (parts.length === 3 && third === 'vote') return { name: 'election-vote', eid: second };
    if (parts.length === 3 && third === 'verify') return { name: 'election-verify', eid: second };
    if (parts.length === 3 && third === 'ceremony') return { name: 'election-ceremony', eid: second };
  }
  if (first === 'contests') {
    // Leadership contests: /contests, /contests/ID, /contests/ID/mp, /contests/ID/chair
    if (parts.length === 1) return { name: 'contests' };
    if (second && parts.length === 2) return { name: 'contest', contestId: second };
    if (second && parts.length === 3 && third === 'mp') return { name: 'contest-mp', contestId: second };
    if (second && parts.length === 3 && third === 'chair') return { name: 'contest-chair', contestId: second };
    if (second && parts.length === 3 && third === 'trustee') return { name: 'contest-trustee', contestId: second };
    if (second && parts.length === 3 && third === 'postal') return { name: 'contest-postal', contestId: second };
    if (second && parts.length === 3 && third === 'verify') return { name: 'contest-verify', contestId: second };
  }
  if (first === 'preferential' && second) {
    // Preferential (ranked) ballots: /preferential/new, /preferential/EID, /preferential/EID/{vote,chair,trustee}
    if (parts.length === 2 && second === 'new') return { name: 'preferential-new' };
    if (parts.length === 2) return { name: 'preferential', eid: second };
    if (parts.length === 3 && third === 'vote') return { name: 'preferential-vote', eid: second };
    if (parts.length === 3 && third === 'chair') return { name: 'preferential-chair', eid: second };
    if (parts.length === 3 && third === 'trustee') return { name: 'preferential-trustee', eid: second };
  }
  return { name: 'not-found', path: url.pathname };
}

export const paths = {
  home: () => '/',
  procedure: (id: string) => `/procedures/${encodeURIComponent(id)}`,
  myLetter: (id: string) => `/procedures/${encodeURIComponent(id)}/my-letter`,
  chair: (id: string) => `/procedures/${encodeURIComponent(id)}/chair`,
  login: (next?: string) => (next ? `/login?next=${encodeURIComponent(next)}` : '/login'),
  mailbox: () => '/dev/mailbox',
  tokens: () => '/account/tokens',
};

/** Plain left clicks on internal links go through the router; modified clicks keep browser behaviour. */
export function useLinkInterception(): void {
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = (event.target as Element | null)?.closest?.('a');
      if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
      const href = anchor.getAttribute('href');
      if (!href || !href.startsWith('/') || href.startsWith('//') || href.startsWith('/api/')) return;
      event.preventDefault();
      navigate(href);
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, []);
}

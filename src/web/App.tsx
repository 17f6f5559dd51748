import { Suspense, lazy, useEffect, useRef, useState, type ReactElement } from 'react';
import { useMailboxEnabled } from './hooks';
import { SessionProvider, isCommitteeOfficer, useSession, ROLE_NAMES } from './session';
import { navigate, parseRoute, paths, useLinkInterception, useLocation, type Route } from './router';
import { HomePage } from './pages/HomePage';
import { ProcedurePage } from './pages/ProcedurePage';
import { LoginPage } from './pages/LoginPage';
import { MyLetterPage } from './pages/MyLetterPage';
import { ChairPage } from './pages/ChairPage';
import { MailboxPage } from './pages/MailboxPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { DefaultProcedure } from './pages/DefaultProcedure';
import { TrackerPage } from './tracker/TrackerPage';
import { TrackerMemberPage } from './tracker/TrackerMemberPage';
import { TrackerReviewPage } from './tracker/TrackerReviewPage';
import { Loading } from './components/ui';
import { DemoBanner } from './components/DemoBanner';

// The ballot pages carry the voter's and verifier's cryptography: load them only when opened, so the
// procedure, letter and tracker pages stay light.
const ElectionPage = lazy(() => import('./pages/ballot/ElectionPage').then((m) => ({ default: m.ElectionPage })));
const BoothPage = lazy(() => import('./pages/ballot/BoothPage').then((m) => ({ default: m.BoothPage })));
const VerifierPage = lazy(() => import('./pages/ballot/VerifierPage').then((m) => ({ default: m.VerifierPage })));
const CeremonyPage = lazy(() => import('./pages/ballot/CeremonyPage').then((m) => ({ default: m.CeremonyPage })));
const onDemand = (page: ReactElement) => <Suspense fallback={<div className="container"><Loading what="the page" /></div>}>{page}</Suspense>;

export function App() {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}

function Shell() {
  useLinkInterception();
  const location = useLocation();
  const route = parseRoute(location);
  useFocusMainHeadingOnNavigation(location);
  const mailboxEnabled = useMailboxEnabled();

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <DemoBanner />
      <Header route={route} mailboxEnabled={mailboxEnabled} />
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>
            Confidence runs the confidence procedures of a parliamentary party. Letters are confidential: the count and
            the names are seen only by the chair and officers.
          </p>
          <p>
            <a href="/api/docs">API documentation</a>
          </p>
        </div>
      </footer>
    </>
  );
}

/**
 * After an in-app navigation, screen-reader and keyboard users land on the new page's heading instead of
 * staying on the link they clicked. The first load keeps the browser's own focus.
 */
function useFocusMainHeadingOnNavigation(location: string) {
  // Compared by value, not "first run", so React's StrictMode double effects do not count as a navigation.
  const previous = useRef(location);
  const stopWatching = useRef<() => void>(() => {});
  useEffect(() => {
    if (previous.current === location) return;
    previous.current = location;
    stopWatching.current();
    stopWatching.current = focusHeadingWhileLoading();
  }, [location]);
  useEffect(() => () => stopWatching.current(), []);
}

/**
 * Pages show a heading at once and may replace it when their data arrives, which drops focus to <body>.
 * For a few seconds, until the person acts, a dropped focus is put back on the current heading.
 */
function focusHeadingWhileLoading(): () => void {
  const focusHeading = () => {
    const target = document.querySelector<HTMLElement>('main h1') ?? document.getElementById('main');
    if (!target) return;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  };
  const frame = requestAnimationFrame(focusHeading);
  const observer = new MutationObserver(() => {
    if (!document.activeElement || document.activeElement === document.body) focusHeading();
  });
  const main = document.getElementById('main');
  if (main) observer.observe(main, { childList: true, subtree: true });
  const stop = () => {
    cancelAnimationFrame(frame);
    observer.disconnect();
    clearTimeout(timer);
    window.removeEventListener('keydown', stop, true);
    window.removeEventListener('pointerdown', stop, true);
  };
  const timer = setTimeout(stop, 3000);
  window.addEventListener('keydown', stop, true);
  window.addEventListener('pointerdown', stop, true);
  return stop;
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'home':
      return <HomePage />;
    case 'procedure':
      return <ProcedurePage id={route.id} />;
    case 'login':
      return <LoginPage next={route.next} />;
    case 'my-letter':
      return route.id ? <MyLetterPage id={route.id} /> : <DefaultProcedure to={paths.myLetter} />;
    case 'chair':
      return route.id ? <ChairPage id={route.id} /> : <DefaultProcedure to={paths.chair} />;
    case 'mailbox':
      return <MailboxPage />;
    case 'tracker':
      return <TrackerPage id={route.trackerId} />;
    case 'tracker-member':
      return <TrackerMemberPage id={route.trackerId} memberId={route.memberId} />;
    case 'tracker-review':
      return <TrackerReviewPage id={route.trackerId} />;
    case 'election':
      return onDemand(<ElectionPage eid={route.eid} />);
    case 'election-vote':
      return onDemand(<BoothPage eid={route.eid} />);
    case 'election-verify':
      return onDemand(<VerifierPage eid={route.eid} />);
    case 'election-ceremony':
      return onDemand(<CeremonyPage eid={route.eid} />);
    case 'not-found':
      return <NotFoundPage />;
  }
}

function Header({ route, mailboxEnabled }: { route: Route; mailboxEnabled: boolean }) {
  const { account, signOut } = useSession();
  const procedureId = 'id' in route && route.id ? route.id : null;
  const onTracker = route.name === 'tracker' || route.name === 'tracker-member' || route.name === 'tracker-review';
  const [signingOut, setSigningOut] = useState(false);

  const current = (name: Route['name']) => (route.name === name ? ({ 'aria-current': 'page' } as const) : {});

  async function onSignOut() {
    setSigningOut(true);
    try {
      await signOut();
      navigate(paths.home());
    } finally {
      setSigningOut(false);
    }
  }

  return (
    <header className="site-header">
      <div className="container header-inner">
        <a className="brand" href="/">
          <span className="brand-mark" aria-hidden="true">
            ✉
          </span>
          Confidence
        </a>
        <nav aria-label="Main">
          <ul className="nav-list">
            <li>
              <a href={procedureId ? paths.procedure(procedureId) : paths.home()} {...current(route.name === 'home' ? 'home' : 'procedure')}>
                Procedure
              </a>
            </li>
            <li>
              <a href="/tracker" {...(onTracker ? ({ 'aria-current': 'page' } as const) : {})}>
                Public tracker
              </a>
            </li>
            {account?.role === 'member' && (
              <li>
                <a href={procedureId ? paths.myLetter(procedureId) : '/my-letter'} {...current('my-letter')}>
                  My letter
                </a>
              </li>
            )}
            {isCommitteeOfficer(account) && (
              <li>
                <a href={procedureId ? paths.chair(procedureId) : '/chair'} {...current('chair')}>
                  Chair’s page
                </a>
              </li>
            )}
            {mailboxEnabled && (
              <li>
                <a href={paths.mailbox()} {...current('mailbox')}>
                  Dev mailbox
                </a>
              </li>
            )}
            <li>
              <a href="/api/docs">API docs</a>
            </li>
          </ul>
        </nav>
        <div className="account">
          {account ? (
            <>
              <span className="account-name">
                {account.displayName}
                {/* Demo names already say "(chair)"; do not say it twice. */}
                {!account.displayName.toLowerCase().includes(account.role) && (
                  <span className="role"> ({ROLE_NAMES[account.role]})</span>
                )}
              </span>
              <button type="button" className="button button-small button-ghost" onClick={onSignOut} disabled={signingOut}>
                Log out
              </button>
            </>
          ) : account === null ? (
            <a className="button button-small" href={paths.login()} {...current('login')}>
              Log in
            </a>
          ) : null}
        </div>
      </div>
    </header>
  );
}

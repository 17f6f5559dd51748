import { Suspense, lazy, useEffect, useRef, useState, type ReactElement } from 'react';
import { useMailboxEnabled } from './hooks';
import { SessionProvider, isCommitteeOfficer, useSession } from './session';
import { navigate, parseRoute, paths, useLinkInterception, useLocation, type Route } from './router';
import { HomePage } from './pages/HomePage';
import { ProcedurePage } from './pages/ProcedurePage';
import { MailboxPage } from './pages/MailboxPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { DefaultProcedure } from './pages/DefaultProcedure';
import { TrackerPage } from './tracker/TrackerPage';
import { TrackerMemberPage } from './tracker/TrackerMemberPage';
import { Loading } from './components/ui';
import { DemoBanner } from './components/DemoBanner';
import { I18nProvider, LanguageSwitch, useT } from './i18n/I18n';

// The ballot pages carry the voter's and verifier's cryptography: load them only when opened, so the
// procedure, letter and tracker pages stay light.
const ElectionPage = lazy(() => import('./pages/ballot/ElectionPage').then((m) => ({ default: m.ElectionPage })));
const BoothPage = lazy(() => import('./pages/ballot/BoothPage').then((m) => ({ default: m.BoothPage })));
const VerifierPage = lazy(() => import('./pages/ballot/VerifierPage').then((m) => ({ default: m.VerifierPage })));
// The contest pages: the public page and the chair's are light; the MP's page carries the booth's cryptography.
const ContestListPage = lazy(() => import('./pages/contest/ContestListPage').then((m) => ({ default: m.ContestListPage })));
const ContestPage = lazy(() => import('./pages/contest/ContestPage').then((m) => ({ default: m.ContestPage })));
const ContestMpPage = lazy(() => import('./pages/contest/ContestMpPage').then((m) => ({ default: m.ContestMpPage })));
const ContestChairPage = lazy(() => import('./pages/contest/ContestChairPage').then((m) => ({ default: m.ContestChairPage })));
const ContestTrusteePage = lazy(() => import('./pages/contest/ContestTrusteePage').then((m) => ({ default: m.ContestTrusteePage })));
// The contest verifier carries the whole contest's verifier (every board's checks, the rulebook's replay).
const ContestVerifierPage = lazy(() => import('./pages/contest/ContestVerifierPage').then((m) => ({ default: m.ContestVerifierPage })));
const ContestPostalPage = lazy(() => import('./pages/contest/ContestPostalPage').then((m) => ({ default: m.ContestPostalPage })));
const PreferentialPage = lazy(() => import('./pages/preferential/PreferentialPage').then((m) => ({ default: m.PreferentialPage })));
const RankedBoothPage = lazy(() => import('./pages/preferential/RankedBoothPage').then((m) => ({ default: m.RankedBoothPage })));
const PreferentialNewPage = lazy(() => import('./pages/preferential/PreferentialChairPage').then((m) => ({ default: m.PreferentialNewPage })));
const PreferentialChairPage = lazy(() => import('./pages/preferential/PreferentialChairPage').then((m) => ({ default: m.PreferentialChairPage })));
const PreferentialTrusteePage = lazy(() => import('./pages/preferential/PreferentialTrusteePage').then((m) => ({ default: m.PreferentialTrusteePage })));
const CeremonyPage = lazy(() => import('./pages/ballot/CeremonyPage').then((m) => ({ default: m.CeremonyPage })));
// The pages with forms (log in, the MP's letter, the chair's, tokens, the editor's review) carry React Aria's
// form fields: loaded when opened, so the public pages a first visit lands on stay light (ADR 0211).
const LoginPage = lazy(() => import('./pages/LoginPage').then((m) => ({ default: m.LoginPage })));
const MyLetterPage = lazy(() => import('./pages/MyLetterPage').then((m) => ({ default: m.MyLetterPage })));
const ChairPage = lazy(() => import('./pages/ChairPage').then((m) => ({ default: m.ChairPage })));
const TokensPage = lazy(() => import('./pages/TokensPage').then((m) => ({ default: m.TokensPage })));
const TrackerReviewPage = lazy(() => import('./tracker/TrackerReviewPage').then((m) => ({ default: m.TrackerReviewPage })));
function PageLoading() {
  const t = useT();
  return (
    <div className="container">
      <Loading what={t('loading.page')} />
    </div>
  );
}
const onDemand = (page: ReactElement) => <Suspense fallback={<PageLoading />}>{page}</Suspense>;

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <Shell />
      </SessionProvider>
    </I18nProvider>
  );
}

function Shell() {
  useLinkInterception();
  const location = useLocation();
  const route = parseRoute(location);
  useFocusMainHeadingOnNavigation(location);
  const mailboxEnabled = useMailboxEnabled();
  const t = useT();

  return (
    <>
      <a className="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <Header route={route} mailboxEnabled={mailboxEnabled} />
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>{t('shell.footer')}</p>
          <p>
            <a href="/api/docs">{t('shell.apiDocumentation')}</a>
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
      return onDemand(<LoginPage next={route.next} />);
    case 'my-letter':
      return route.id ? onDemand(<MyLetterPage id={route.id} />) : <DefaultProcedure to={paths.myLetter} />;
    case 'chair':
      return route.id ? onDemand(<ChairPage id={route.id} />) : <DefaultProcedure to={paths.chair} />;
    case 'mailbox':
      return <MailboxPage />;
    case 'tokens':
      return onDemand(<TokensPage />);
    case 'tracker':
      return <TrackerPage id={route.trackerId} />;
    case 'tracker-member':
      return <TrackerMemberPage id={route.trackerId} memberId={route.memberId} />;
    case 'tracker-review':
      return onDemand(<TrackerReviewPage id={route.trackerId} />);
    case 'election':
      return onDemand(<ElectionPage eid={route.eid} />);
    case 'election-vote':
      return onDemand(<BoothPage eid={route.eid} />);
    case 'election-verify':
      return onDemand(<VerifierPage eid={route.eid} />);
    case 'election-ceremony':
      return onDemand(<CeremonyPage eid={route.eid} />);
    case 'contests':
      return onDemand(<ContestListPage />);
    case 'contest':
      return onDemand(<ContestPage id={route.contestId} />);
    case 'contest-mp':
      return onDemand(<ContestMpPage id={route.contestId} />);
    case 'contest-chair':
      return onDemand(<ContestChairPage id={route.contestId} />);
    case 'contest-trustee':
      return onDemand(<ContestTrusteePage id={route.contestId} />);
    case 'contest-postal':
      return onDemand(<ContestPostalPage id={route.contestId} />);
    case 'contest-verify':
      return onDemand(<ContestVerifierPage id={route.contestId} />);
    case 'preferential':
      return onDemand(<PreferentialPage eid={route.eid} />);
    case 'preferential-vote':
      return onDemand(<RankedBoothPage eid={route.eid} />);
    case 'preferential-new':
      return onDemand(<PreferentialNewPage />);
    case 'preferential-chair':
      return onDemand(<PreferentialChairPage eid={route.eid} />);
    case 'preferential-trustee':
      return onDemand(<PreferentialTrusteePage eid={route.eid} />);
    case 'not-found':
      return <NotFoundPage />;
  }
}

function Header({ route, mailboxEnabled }: { route: Route; mailboxEnabled: boolean }) {
  const { account, signOut } = useSession();
  const t = useT();
  const procedureId = 'id' in route && route.id ? route.id : null;
  const onTracker = route.name === 'tracker' || route.name === 'tracker-member' || route.name === 'tracker-review';
  const [signingOut, setSigningOut] = useState(false);
  // On a phone the menu folds behind one button, so the page starts near the top of the screen.
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setMenuOpen(false), [location]);

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
      {/* Inside the banner landmark, so no content sits outside a landmark. */}
      <DemoBanner />
      <div className="container header-inner">
        <a className="brand" href="/">
          <span className="brand-mark" aria-hidden="true">
            ✉
          </span>
          Confidence
        </a>
        <button
          type="button"
          className="menu-toggle button button-small button-ghost"
          aria-expanded={menuOpen}
          aria-controls="site-menu"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          {t('shell.menu')}
        </button>
        <div id="site-menu" className={`site-menu ${menuOpen ? 'site-menu-open' : ''}`}>
          <nav aria-label={t('shell.mainNav')}>
            <ul className="nav-list">
              <li>
                <a href={procedureId ? paths.procedure(procedureId) : paths.home()} {...current(route.name === 'home' ? 'home' : 'procedure')}>
                  {t('shell.nav.procedure')}
                </a>
              </li>
              <li>
                <a href="/contests" {...(route.name.startsWith('contest') ? ({ 'aria-current': 'page' } as const) : {})}>
                  {t('contest.nav')}
                </a>
              </li>
              <li>
                <a href="/tracker" {...(onTracker ? ({ 'aria-current': 'page' } as const) : {})}>
                  {t('shell.nav.tracker')}
                </a>
              </li>
              {account?.role === 'member' && (
                <li>
                  <a href={procedureId ? paths.myLetter(procedureId) : '/my-letter'} {...current('my-letter')}>
                    {t('shell.nav.myLetter')}
                  </a>
                </li>
              )}
              {isCommitteeOfficer(account) && (
                <li>
                  <a href={procedureId ? paths.chair(procedureId) : '/chair'} {...current('chair')}>
                    {t('shell.nav.chair')}
                  </a>
                </li>
              )}
              {account && (
                <li>
                  <a href={paths.tokens()} {...current('tokens')}>
                    {t('tokens.nav')}
                  </a>
                </li>
              )}
              {mailboxEnabled && (
                <li>
                  <a href={paths.mailbox()} {...current('mailbox')}>
                    {t('shell.nav.mailbox')}
                  </a>
                </li>
              )}
              <li>
                <a href="/api/docs">{t('shell.nav.apiDocs')}</a>
              </li>
            </ul>
          </nav>
          <LanguageSwitch />
          <div className="account">
            {account ? (
              <>
                <span className="account-name">
                  {account.displayName}
                  {/* Demo names already say "(chair)"; do not say it twice. */}
                  {!account.displayName.toLowerCase().includes(account.role) && <span className="role"> ({t(`role.${account.role}`)})</span>}
                </span>
                <button type="button" className="button button-small button-ghost" onClick={onSignOut} disabled={signingOut}>
                  {t('shell.logOut')}
                </button>
              </>
            ) : account === null ? (
              <a className="button button-small" href={paths.login()} {...current('login')}>
                {t('shell.logIn')}
              </a>
            ) : null}
          </div>
        </div>
      </div>
    </header>
  );
}

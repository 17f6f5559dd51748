import { useSession } from '../session';
import { useT } from '../i18n/I18n';

/**
 * On a demo server (CONFIDENCE_DEMO=on) anyone can read the one-time login codes, so nothing typed here
 * is private and the letters are simulated. Every page says so, above everything else.
 */
export function DemoBanner() {
  const { demo } = useSession();
  const t = useT();
  if (!demo) return null;
  return (
    <div className="demo-banner" role="note" aria-label={t('demo.label')}>
      {/* A phone gets the short form, so the top bar leaves the screen to the page. */}
      <span className="demo-long">{t.rich('demo.body', { b: (c) => <strong>{c}</strong> })}</span>
      <span className="demo-short">{t.rich('journeys.demo.bannerShort', { b: (c) => <strong>{c}</strong> })}</span>
    </div>
  );
}

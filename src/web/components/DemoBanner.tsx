import { useSession } from '../session';

/**
 * On a demo server (CONFIDENCE_DEMO=on) anyone can read the one-time login codes, so nothing typed here
 * is private and the letters are simulated. Every page says so, above everything else.
 */
export function DemoBanner() {
  const { demo } = useSession();
  if (!demo) return null;
  return (
    <div className="demo-banner" role="note" aria-label="Demo server">
      <strong>Demo server.</strong> Login codes are shown to anyone on the dev mailbox page and the letters are
      simulated: do not use it for a real procedure.
    </div>
  );
}

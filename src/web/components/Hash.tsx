import { useEffect, useState } from 'react';
import { useT } from '../i18n/I18n';

/**
 * A long hex value (a hash, a tracker): shown in full but allowed to wrap anywhere, so a phone never
 * scrolls sideways, with a button that copies it exactly. The outcome of copying is announced in a
 * polite live region (a screen reader hears "Board head copied"), and said on the button for a moment.
 */
export function Hash({ value, label, testId }: { value: string; label: string; testId?: string }) {
  const t = useT();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 4000);
    return () => window.clearTimeout(timer);
  }, [state]);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value); // absent outside a secure context: a TypeError, caught
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return (
    <span className="hash">
      <code className="hash-value" data-testid={testId}>
        {value}
      </code>{' '}
      <button type="button" className="button button-small button-secondary" onClick={() => void copy()} data-copy={label}>
        {state === 'copied' ? t('hash.copied') : t('hash.copy')}
        <span className="visually-hidden"> {label}</span>
      </button>
      <span className="visually-hidden" role="status" aria-live="polite">
        {state === 'copied' ? t('hash.announceCopied', { label }) : state === 'failed' ? t('hash.announceFailed', { label }) : ''}
      </span>
    </span>
  );
}

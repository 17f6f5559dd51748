import { useState } from 'react';
import { useT } from '../i18n/I18n';

/**
 * A long hex value (a hash, a tracker): shown in full but allowed to wrap anywhere, so a phone never
 * scrolls sideways, with a button that copies it exactly.
 */
export function Hash({ value, label, testId }: { value: string; label: string; testId?: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <span className="hash">
      <code className="hash-value" data-testid={testId}>
        {value}
      </code>{' '}
      <button
        type="button"
        className="button button-small button-secondary"
        onClick={() => {
          void navigator.clipboard?.writeText(value).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        {copied ? t('hash.copied') : t('hash.copy')}
        <span className="visually-hidden"> {label}</span>
      </button>
    </span>
  );
}

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useT } from '../i18n/I18n';
import { ErrorMessage } from './ui';

/**
 * A confirmation for an irreversible or public act, built on the platform's modal <dialog>: the browser
 * traps focus inside it, makes the page behind it inert, closes it on Escape and gives it the dialog role,
 * so assistive technology announces the question. Focus starts on the safe choice (cancel) and returns
 * to the button that opened it.
 */
export function ConfirmButton({
  label,
  title,
  children,
  confirmLabel,
  onConfirm,
  danger = false,
  className = 'button',
  testId,
  beforeOpen,
}: {
  /** The button that opens the question. */
  label: ReactNode;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  danger?: boolean;
  className?: string;
  testId?: string;
  /** Checks to pass before asking (a form's own validation); false keeps the dialog closed. */
  beforeOpen?: () => boolean;
}) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      cancel.current?.focus();
    }
    if (!open && d.open) d.close();
  }, [open]);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      setOpen(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" ref={opener} className={className} onClick={() => (beforeOpen?.() ?? true) && setOpen(true)} data-testid={testId}>
        {label}
      </button>
      <dialog
        ref={dialog}
        className="dialog"
        aria-labelledby={titleId}
        onClose={() => {
          setOpen(false);
          setError(null);
          opener.current?.focus();
        }}
      >
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <div className="dialog-body">{children}</div>
        <ErrorMessage error={error} title={t('common.didNotWork')} />
        <p className="button-row">
          <button type="button" className={danger ? 'button button-danger' : 'button'} onClick={() => void confirm()} disabled={busy}>
            {busy ? t('common.working') : confirmLabel}
          </button>
          <button type="button" ref={cancel} className="button button-secondary" onClick={() => setOpen(false)} disabled={busy}>
            {t('common.cancel')}
          </button>
        </p>
      </dialog>
    </>
  );
}

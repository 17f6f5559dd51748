import { Suspense, lazy, useCallback, useRef, useState, type ReactNode } from 'react';

// React Aria's modal is loaded the first time a question is about to be asked (the opener is hovered,
// focused or pressed), so the main bundle does not carry it.
const loadModal = () => import('./ConfirmModal');
const ConfirmModal = lazy(loadModal);

/**
 * A confirmation for an irreversible or public act: a native button that opens a modal question
 * (ConfirmModal.tsx, on React Aria Components). Focus starts on the safe choice (cancel) and returns to
 * the button that opened it.
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
  disabled = false,
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
  disabled?: boolean;
}) {
  const opener = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

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
      <button
        type="button"
        ref={opener}
        className={className}
        disabled={disabled}
        onPointerEnter={() => void loadModal()}
        onFocus={() => void loadModal()}
        onClick={() => (beforeOpen?.() ?? true) && setOpen(true)}
        data-testid={testId}
      >
        {label}
      </button>
      {open && (
        <Suspense fallback={null}>
          <ConfirmModal
            isOpen={open}
            onClose={() => {
              setOpen(false);
              setError(null);
            }}
            title={title}
            confirmLabel={confirmLabel}
            danger={danger}
            busy={busy}
            error={error}
            onConfirm={() => void confirm()}
          >
            {children}
          </ConfirmModal>
        </Suspense>
      )}
    </>
  );
}

export interface Question {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  danger?: boolean;
}

/**
 * A confirmation asked in the middle of a task (after a check has found something to post): `ask` opens the same
 * modal as ConfirmButton, in the page's language, and resolves true on confirm, false on cancel or Escape. The
 * returned node must be rendered by the caller.
 */
export function useConfirm(): [ReactNode, (q: Question) => Promise<boolean>] {
  const [q, setQ] = useState<(Question & { resolve: (yes: boolean) => void }) | null>(null);
  const ask = useCallback((question: Question) => {
    void loadModal();
    return new Promise<boolean>((resolve) => setQ({ ...question, resolve }));
  }, []);
  const answer = (yes: boolean) => {
    q?.resolve(yes);
    setQ(null);
  };
  const node = q && (
    <Suspense fallback={null}>
      <ConfirmModal isOpen onClose={() => answer(false)} title={q.title} confirmLabel={q.confirmLabel} danger={q.danger ?? false} busy={false} error={null} onConfirm={() => answer(true)}>
        {typeof q.body === 'string' ? <p>{q.body}</p> : q.body}
      </ConfirmModal>
    </Suspense>
  );
  return [node, ask];
}

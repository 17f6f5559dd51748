import type { ReactNode } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useT } from '../i18n/I18n';
import { ErrorMessage } from './ui';

/**
 * The modal half of a confirmation, on React Aria Components (Adobe's maintained, accessible primitives):
 * ModalOverlay/Modal make the page behind inert and keep focus inside; Dialog gives the dialog role named
 * by its Heading; Escape and a click outside cancel; focus returns to the opener when it closes. Focus
 * starts on the safe choice (cancel). Loaded on demand (ConfirmDialog.tsx), so pages that never ask a
 * question do not carry it.
 */
export default function ConfirmModal({
  isOpen,
  onClose,
  title,
  children,
  confirmLabel,
  danger,
  busy,
  error,
  onConfirm,
}: {
  isOpen: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger: boolean;
  busy: boolean;
  error: unknown;
  onConfirm: () => void;
}) {
  const t = useT();
  return (
    <ModalOverlay className="dialog-overlay" isOpen={isOpen} onOpenChange={(open) => !open && !busy && onClose()} isDismissable={!busy} isKeyboardDismissDisabled={busy}>
      <Modal className="dialog">
        <Dialog className="dialog-inner">
          <Heading slot="title" level={2} className="dialog-title">
            {title}
          </Heading>
          <div className="dialog-body">{children}</div>
          <ErrorMessage error={error} title={t('common.didNotWork')} />
          <p className="button-row">
            <Button className={danger ? 'button button-danger' : 'button'} onPress={onConfirm} isDisabled={busy}>
              {busy ? t('common.working') : confirmLabel}
            </Button>
            <Button className="button button-secondary" onPress={onClose} isDisabled={busy} autoFocus>
              {t('common.cancel')}
            </Button>
          </p>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

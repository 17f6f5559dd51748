import type { ReactNode } from 'react';
import { useT } from '../i18n/I18n';

export type StepStatus = 'done' | 'current' | 'todo' | 'skipped';

export interface Step {
  id: string;
  label: string;
  status: StepStatus;
  /** A short note under the step: a date, a number, "optional". */
  note?: ReactNode;
}

/**
 * Where the procedure stands: every step in order, the ones done, the one to do now (aria-current="step")
 * and those still to come. The status is in the text, not only in the colour or the mark.
 */
export function StepList({ steps, label }: { steps: Step[]; label: string }) {
  const t = useT();
  return (
    <ol className="step-list" aria-label={label}>
      {steps.map((s, i) => (
        <li key={s.id} className={`step step-${s.status}`} aria-current={s.status === 'current' ? 'step' : undefined} data-step={s.id} data-status={s.status}>
          <span className="step-mark" aria-hidden="true">
            {s.status === 'done' ? '✓' : s.status === 'skipped' ? '–' : i + 1}
          </span>
          <span className="step-text">
            <span className="step-label">{s.label}</span>
            <span className="visually-hidden"> ({t(`steps.status.${s.status}`)})</span>
            {s.note && <span className="step-note">{s.note}</span>}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** The one next thing to do, with its action. */
export function NextStep({ title, children }: { title: string; children: ReactNode }) {
  const t = useT();
  return (
    <section className="next-step" aria-labelledby="next-step-heading" data-testid="next-step">
      <p className="next-step-eyebrow">{t('steps.next')}</p>
      <h2 id="next-step-heading">{title}</h2>
      {children}
    </section>
  );
}

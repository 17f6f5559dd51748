import type { ReactNode } from 'react';
import { Label, ProgressBar } from 'react-aria-components';
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
 * Where the procedure stands: how far along it is (React Aria's ProgressBar: a named progressbar whose value a
 * screen reader says as "4 of 11 steps done"), then every step in order, the ones done, the one to do now
 * (aria-current="step") and those still to come. The status is in the text, not only in the colour or the mark.
 * The steps themselves are a plain ordered list: they are read, not operated, and React Aria has no step-list
 * widget (its GridList or Tree would make static text an interactive grid).
 */
export function StepList({ steps, label }: { steps: Step[]; label: string }) {
  const t = useT();
  const done = steps.filter((s) => s.status === 'done' || s.status === 'skipped').length;
  return (
    <div className="steps">
      <ProgressBar className="step-progress" value={done} minValue={0} maxValue={steps.length} valueLabel={t('journeys.steps.progress', { done, total: steps.length })}>
        {({ percentage, valueText }) => (
          <>
            <Label className="visually-hidden">{label}</Label>
            <span className="step-progress-text">{valueText}</span>
            <span className="step-progress-bar" aria-hidden="true">
              <span className="step-progress-fill" style={{ width: `${percentage ?? 0}%` }} />
            </span>
          </>
        )}
      </ProgressBar>
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
    </div>
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

import type { ReactNode } from 'react';
import { ApiError, api, type ProcedurePublic } from '../api';
import { useLoader } from '../hooks';
import { electionApi } from '../pages/ballot/api';
import { journey, type ElectionStage, type StepId } from '../journey';
import { formatDateTime, formatDay, formatNumber } from '../format';
import { useT } from '../i18n/I18n';
import { StepList, type Step } from './StepList';

export interface JourneyData {
  sealPublished: boolean;
  election: { id: string; stage: ElectionStage } | null;
}

/** The public facts the step list needs beyond the procedure: a sealed count, the verifiable election's stage. */
export function useJourneyData(procedureId: string, refresh: unknown = 0) {
  return useLoader(async (): Promise<JourneyData> => {
    const [seal, election] = await Promise.all([
      api.latestSeal(procedureId).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
      electionApi.forProcedure(procedureId).catch(() => null),
    ]);
    return { sealPublished: seal !== null, election: election ? { id: election.id, stage: election.stage as ElectionStage } : null };
  }, [procedureId, refresh]);
}

/** The step list for a procedure, with notes (dates, result) where the public view has them. */
export function ProcedureSteps({ procedure: p, data, count }: { procedure: ProcedurePublic; data: JourneyData; count: number | null }) {
  const t = useT();
  const j = journey({ procedure: p, count, sealPublished: data.sealPublished, electionStage: data.election?.stage ?? null });
  const notes: Partial<Record<StepId, ReactNode>> = {
    threshold: t('steps.note.threshold', { threshold: formatNumber(p.threshold), denominator: formatNumber(p.denominator) }),
    seal: t('steps.note.optional'),
    schedule: p.ballot ? t('steps.note.schedule', { opens: formatDateTime(p.ballot.opensAt) }) : undefined,
    result: p.outcome ? resultText(t, p.outcome) : undefined,
    after: p.outcome ? (p.outcome.result === 'survived' ? (p.immuneUntil ? t('steps.note.immuneUntil', { until: formatDay(p.immuneUntil) }) : t('steps.note.survived')) : t('steps.note.contest')) : undefined,
  };
  const steps: Step[] = j.steps.map((s) => ({ id: s.id, label: t(`steps.${s.id}`), status: s.state, note: notes[s.id] }));
  return <StepList steps={steps} label={t('steps.label')} />;
}

/** "The leader won: Yes 211, No 148" — once, in the reader's language. */
export function resultText(t: ReturnType<typeof useT>, outcome: NonNullable<ProcedurePublic['outcome']>): string {
  return t(outcome.result === 'survived' ? 'result.survived' : 'result.lost', { yes: formatNumber(outcome.yes), no: formatNumber(outcome.no) });
}

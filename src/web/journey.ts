import type { ProcedurePublic } from './api';

/**
 * The procedure as one path, from the first letter to the result and what follows it. Every role's page
 * shows the same steps (each role sees only what its view contains) and names the one next thing to do.
 * Pure: derived from the public procedure view, whether a sealed count exists and the election's stage.
 */
export const STEP_IDS = ['letters', 'threshold', 'seal', 'schedule', 'ceremony', 'credentials', 'open', 'close', 'tally', 'result', 'after'] as const;
export type StepId = (typeof STEP_IDS)[number];
export type StepState = 'done' | 'current' | 'todo' | 'skipped';

export type ElectionStage = 'key-ceremony' | 'credentials' | 'ready' | 'open' | 'closed' | 'tallying' | 'decided';

export interface JourneyInput {
  procedure: Pick<ProcedurePublic, 'state' | 'ballot' | 'outcome'>;
  /** Letters in force (chair's view only); null when the viewer may not know it. */
  count: number | null;
  sealPublished: boolean;
  /** null: no verifiable election (yet, or a paper ballot). */
  electionStage: ElectionStage | null;
}

const STAGE_ORDER: ElectionStage[] = ['key-ceremony', 'credentials', 'ready', 'open', 'closed', 'tallying', 'decided'];
const atLeast = (stage: ElectionStage | null, wanted: ElectionStage) => stage !== null && STAGE_ORDER.indexOf(stage) >= STAGE_ORDER.indexOf(wanted);

export function journey({ procedure: p, count, sealPublished, electionStage: stage }: JourneyInput): { steps: { id: StepId; state: StepState }[]; current: StepId } {
  const decided = p.outcome !== null;
  const triggered = decided || p.state === 'threshold_reached' || p.ballot !== null;
  const opened = decided || p.state === 'ballot_open' || p.state === 'ballot_closed' || atLeast(stage, 'open');
  const closed = decided || p.state === 'ballot_closed' || atLeast(stage, 'closed');
  // A paper ballot skips the verifiable vote's steps; the chair's ceremony page covers the verifiable one.
  const paper = decided && stage === null;
  const done: Record<StepId, boolean> = {
    letters: triggered || (count !== null && count > 0),
    threshold: triggered,
    seal: sealPublished,
    schedule: p.ballot !== null,
    ceremony: atLeast(stage, 'credentials'),
    credentials: atLeast(stage, 'ready'),
    open: opened,
    close: closed,
    tally: decided || atLeast(stage, 'decided'),
    result: decided,
    after: decided,
  };
  // The sealed count is optional: once the vote is scheduled it is no longer the next thing.
  const skippable = (id: StepId) => (id === 'seal' && done.schedule) || (paper && (id === 'ceremony' || id === 'credentials' || id === 'tally'));
  const current = STEP_IDS.find((id) => !done[id] && !skippable(id)) ?? 'after';
  const steps = STEP_IDS.map((id) => ({
    id,
    state: (done[id] ? 'done' : skippable(id) ? 'skipped' : id === current ? 'current' : 'todo') as StepState,
  }));
  // "letters" is a standing step: letters keep coming until the threshold, so it is current together with it.
  return { steps, current };
}

/**
 * Typed client for the tracker endpoints. Same-origin like the rest of the app; state-changing
 * requests carry the session's CSRF token, fetched from /api/session when first needed.
 */
import { ApiError, request } from '../api';

export const STANCE_LABELS: Record<string, { title: string; one: string }> = {
  submitted_letter: { title: 'Say they have submitted a letter', one: 'submitted a letter' },
  resubmitted_letter: { title: 'Say they have resubmitted a letter', one: 'resubmitted a letter' },
  intends_letter: { title: 'Say they will submit a letter', one: 'intends to submit a letter' },
  withdrew_letter: { title: 'Say they have withdrawn their letter', one: 'withdrew a letter' },
  denied_letter: { title: 'Deny having submitted a letter', one: 'denied submitting a letter' },
  called_to_resign: { title: 'Have called on the leader to resign', one: 'called on the leader to resign' },
  withdrew_support: { title: 'Have withdrawn their support', one: 'withdrew support' },
  backs_leader: { title: 'Back the leader', one: 'backs the leader' },
  resigned_post: { title: 'Resigned a government post', one: 'resigned a post' },
  defected: { title: 'Left the party', one: 'left the party' },
  no_confidence_motion: { title: 'Tabled or signed a no-confidence motion', one: 'tabled a no-confidence motion' },
};

export const STANCE_ORDER = Object.keys(STANCE_LABELS);

export interface TrackerSource {
  id: string;
  outlet: string | null;
  url: string | null;
  fileName: string | null;
  published: string | null;
  evidence: string[];
  /** A later report of a published declaration, waiting for an editor (editors' queue only). */
  held?: boolean;
}

export interface TrackerDeclaration {
  id: string;
  memberId: string;
  person: string;
  stance: string;
  date: string | null;
  status: 'proposed' | 'possible' | 'accepted' | 'rejected';
  confidence: number | null;
  origin: 'extracted' | 'manual';
  note: string | null;
  /** Editors' queue only: the context check that held back a find the extractor would have proposed (held-back-reasons.ts). */
  demotedBecause?: string | null;
  sources: TrackerSource[];
}

export interface MemberPosition {
  memberId: string;
  person: string;
  letter: string | null;
  letterIn: boolean;
  latest: { stance: string; date: string | null };
}

export interface PublicTracker {
  tracker: { id: string; title: string; party: string; leaderName: string; asOf: string };
  declaredLetters: number;
  threshold: { denominator: number; threshold: number; date: string; rulebookId: string };
  groups: Array<{ stance: string; declarations: TrackerDeclaration[] }>;
  timeline: Array<{ date: string; declaredLetters: number; calledToResign: number; total: number }>;
  members: MemberPosition[];
}

export type { IngestReport } from '../../services/tracker';
export type { ContestEndorsementsView, EndorsementQueueEntry, StoredCandidateBackers } from '../../services/endorsements';
import type { ContestEndorsementsView, EndorsementQueueEntry } from '../../services/endorsements';
import type { IngestReport } from '../../services/tracker';

const call = request;

const t = (id: string) => `/api/trackers/${encodeURIComponent(id)}`;

export const trackerApi = {
  publicTracker: (id: string) => call<PublicTracker>('GET', t(id)),
  member: (id: string, memberId: string) => call<MemberPosition & { history: TrackerDeclaration[] }>('GET', `${t(id)}/members/${encodeURIComponent(memberId)}`),
  queue: (id: string, status: 'proposed' | 'possible' | 'accepted' | 'rejected' | 'held' = 'proposed') => call<{ declarations: TrackerDeclaration[] }>('GET', `${t(id)}/review?status=${status}`),
  ingest: (id: string, article: { fileName: string; text: string; outlet?: string | null; published?: string | null }) => call<IngestReport>('POST', `${t(id)}/articles`, article),
  review: (declarationId: string, action: { type: 'accept' | 'drop-held'; sources: string[]; note?: string | null } | { type: 'reject'; note?: string | null } | { type: 'edit'; stance?: string; date?: string | null; memberId?: string }) =>
    call<TrackerDeclaration>('POST', `/api/tracker-declarations/${encodeURIComponent(declarationId)}/review`, action),
  enter: (id: string, input: { memberId: string; stance: string; date: string; quote: string; outlet?: string | null; url?: string | null }) => call<TrackerDeclaration>('POST', `${t(id)}/declarations`, input),
  exportCsv: (id: string) => `${t(id)}/export.csv`,
  exportJson: (id: string) => `${t(id)}/export.json`,
  widget: (id: string) => `${t(id)}/widget.js`,
  /** Stored endorsements in one contest (every tracker that follows it), for the contest's public page. */
  contestEndorsements: (contestId: string) => call<{ contests: ContestEndorsementsView[] }>('GET', `/api/endorsements?contest=${encodeURIComponent(contestId)}`),
  /** One member's stored endorsements in this tracker, for the member page. */
  memberEndorsements: (id: string, memberId: string) => call<{ contests: ContestEndorsementsView[] }>('GET', `${t(id)}/endorsements?member=${encodeURIComponent(memberId)}`),
  /** The editors' queue of endorsements waiting for review, every contest of the tracker. */
  endorsementQueue: (id: string) => call<{ endorsements: EndorsementQueueEntry[] }>('GET', `${t(id)}/endorsements/queue`),
  /** Accept or reject one member's backing of one candidate, naming the rows shown (409 when one arrived since). */
  decideEndorsements: (id: string, contestId: string, decision: { type: 'accept' | 'reject'; candidateId: string; memberId: string; endorsements: string[] }) =>
    call<{ endorsements: EndorsementQueueEntry[] }>('POST', `${t(id)}/contests/${encodeURIComponent(contestId)}/endorsements/review`, decision),
};

export const trackerPaths = {
  tracker: (id: string) => `/tracker/${encodeURIComponent(id)}`,
  member: (id: string, memberId: string) => `/tracker/${encodeURIComponent(id)}/members/${encodeURIComponent(memberId)}`,
  review: (id: string) => `/tracker/${encodeURIComponent(id)}/review`,
};

export const DEFAULT_TRACKER_ID = 'johnson-2022';

/** A decision refused because a report arrived after the item was shown (409): the desk reloads to show it. */
export const isStaleDecision = (e: unknown) => e instanceof ApiError && e.code === 'CONFLICT';
/** An endorsement decision refused because the rows changed since they were shown (one arrived, or another editor decided): reload. */
export const isStaleEndorsementDecision = (e: unknown) => isStaleDecision(e) || (e instanceof ApiError && e.code === 'ENDORSEMENT_ALREADY_DECIDED');

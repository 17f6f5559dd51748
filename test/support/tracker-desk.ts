/**
 * The editor's side of the demo tracker through its API, for tests that build a desk state (articles in, proposals
 * read) before attacking it: every step asserts its own success, so a test fails where the set-up went wrong.
 */
import { expect } from 'vitest';
import type { ApiClient } from './api';

export const DEMO_TRACKER = '/api/trackers/johnson-2022';

/** A declaration as the editors' queue returns it (the fields the attack tests read). */
export interface DeskDeclaration {
  id: string;
  memberId: string;
  stance: string;
  status: string;
  date: string;
  sources: Array<{ id: string; outlet: string; published: string; evidence: string[]; held?: boolean }>;
}

/** `editor` is read at each call: test files log in inside `beforeAll`. */
export function trackerDesk(editor: () => ApiClient) {
  /** Ingests one article; returns the ingest report. */
  const ingest = async (fileName: string, text: string, published: string, outlet: string) => {
    const res = await editor().request('POST', `${DEMO_TRACKER}/articles`, { fileName, text, published, outlet });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const queue = async (status: 'proposed' | 'possible' | 'accepted' | 'held'): Promise<DeskDeclaration[]> =>
    (await editor().get(`${DEMO_TRACKER}/review?status=${status}`)).body.declarations as DeskDeclaration[];
  /** The member's proposal in the queue (the test fails if there is none). */
  const proposalOf = async (memberId: string): Promise<DeskDeclaration> => {
    const found = (await queue('proposed')).find((d) => d.memberId === memberId);
    expect(found, `a proposal for ${memberId}`).toBeDefined();
    return found!;
  };
  return { ingest, queue, proposalOf };
}

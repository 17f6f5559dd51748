/**
 * The verifiable confidence vote (issue 4): pure protocol — manifest, board records, booth, trustee steps,
 * tally selection, simulation and the verifier. Specification: docs/ballot-spec.md. No I/O here: the
 * server (src/services/elections.ts), the CLI (src/cli/commands/ballot.ts) and the web pages call in.
 */
export * from './records';
export * from './manifest';
export * from './board';
export * from './booth';
export * from './trustee';
export * from './tally';
export * from './ballot-check';
export * from './verify';
export * from './simulate';
export * from './authority';
export * from './receipt';
export type { ExpectedBoard } from './verify-trust';
export * from './trustee-receipt';

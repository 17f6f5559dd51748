/**
 * The leadership contest (docs/contest.md): pure domain — the contest engine (nominations, MP rounds, members'
 * ballot), round evaluation under a contest rulebook, the 1-of-k verifiable ballot board, its verifier, the
 * whole-contest verifier, and the simulation of published contests. No I/O: the server, CLI and web call in.
 */
export * from './engine';
export * from './rounds';
export * from './board';
export * from './verify';
export * from './verify-contest';
export * from './simulate';
export * from './history';
export * from './replay';

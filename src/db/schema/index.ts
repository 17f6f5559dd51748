// One schema for every driver (PGlite and PostgreSQL). Each area keeps its tables in its own file.
export * from './accounts';
export * from './audit';
export * from './procedure';
export * from './roster';
export * from './ballot';
export * from './tracker';
export * from './seal';
export * from './contest';
export * from './endorsements';

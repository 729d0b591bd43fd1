// Every Postgres advisory-lock key the application takes, in one place so that no two features
// ever pick the same number by accident. (bigint keys, passed as strings.)
export const ADVISORY_LOCKS = {
  /** Transaction-scoped: one migration runner at a time (db/migrate.ts). */
  migrations: '7262639148163512311',
  /** Session-scoped, server mode: the one ingest poller (db/engine/leadership.ts, ingest/service.ts). */
  ingestPoller: '7262639148163512312',
  /** Session-scoped, server mode: the one process walking history for a re-score (db/engine/leadership.ts, scorer/service.ts). */
  rescoring: '7262639148163512313',
} as const;

/** A key of ADVISORY_LOCKS (tests pass keys of their own, cast). */
export type AdvisoryLockKey = (typeof ADVISORY_LOCKS)[keyof typeof ADVISORY_LOCKS];

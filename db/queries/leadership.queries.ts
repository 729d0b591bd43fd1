/** Types generated for queries found in "db/queries/leadership.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type NumberOrString = number | string;

/** 'TryLeadership' parameters type */
export interface ITryLeadershipParams {
  key: NumberOrString;
}

/** 'TryLeadership' return type */
export interface ITryLeadershipResult {
  acquired: boolean;
}

/** 'TryLeadership' query type */
export interface ITryLeadershipQuery {
  params: ITryLeadershipParams;
  result: ITryLeadershipResult;
}

const tryLeadershipIR: any = {"usedParamSet":{"key":true},"params":[{"name":"key","required":true,"transform":{"type":"scalar"},"locs":[{"a":121,"b":125}]}],"statement":"-- Session-level: held for as long as the leader's dedicated connection lives (server mode).\nSELECT pg_try_advisory_lock(:key!::bigint) AS \"acquired!\""};

/**
 * Query generated from SQL:
 * ```
 * -- Session-level: held for as long as the leader's dedicated connection lives (server mode).
 * SELECT pg_try_advisory_lock(:key!::bigint) AS "acquired!"
 * ```
 */
export const tryLeadership = new PreparedQuery<ITryLeadershipParams,ITryLeadershipResult>(tryLeadershipIR);


/** 'ReleaseLeadership' parameters type */
export interface IReleaseLeadershipParams {
  key: NumberOrString;
}

/** 'ReleaseLeadership' return type */
export interface IReleaseLeadershipResult {
  released: boolean;
}

/** 'ReleaseLeadership' query type */
export interface IReleaseLeadershipQuery {
  params: IReleaseLeadershipParams;
  result: IReleaseLeadershipResult;
}

const releaseLeadershipIR: any = {"usedParamSet":{"key":true},"params":[{"name":"key","required":true,"transform":{"type":"scalar"},"locs":[{"a":26,"b":30}]}],"statement":"SELECT pg_advisory_unlock(:key!::bigint) AS \"released!\""};

/**
 * Query generated from SQL:
 * ```
 * SELECT pg_advisory_unlock(:key!::bigint) AS "released!"
 * ```
 */
export const releaseLeadership = new PreparedQuery<IReleaseLeadershipParams,IReleaseLeadershipResult>(releaseLeadershipIR);


/** 'PingLeadership' parameters type */
export type IPingLeadershipParams = void;

/** 'PingLeadership' return type */
export interface IPingLeadershipResult {
  ok: number;
}

/** 'PingLeadership' query type */
export interface IPingLeadershipQuery {
  params: IPingLeadershipParams;
  result: IPingLeadershipResult;
}

const pingLeadershipIR: any = {"usedParamSet":{},"params":[],"statement":"-- Heartbeat on the lock's connection: a failure means the lock may be gone.\nSELECT 1 AS \"ok!\""};

/**
 * Query generated from SQL:
 * ```
 * -- Heartbeat on the lock's connection: a failure means the lock may be gone.
 * SELECT 1 AS "ok!"
 * ```
 */
export const pingLeadership = new PreparedQuery<IPingLeadershipParams,IPingLeadershipResult>(pingLeadershipIR);



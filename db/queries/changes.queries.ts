/** Types generated for queries found in "db/queries/changes.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type stringArray = (string)[];

/** 'AnnounceEverythingChanged' parameters type */
export type IAnnounceEverythingChangedParams = void;

/** 'AnnounceEverythingChanged' return type */
export interface IAnnounceEverythingChangedResult {
  sent: undefined | null;
}

/** 'AnnounceEverythingChanged' query type */
export interface IAnnounceEverythingChangedQuery {
  params: IAnnounceEverythingChangedParams;
  result: IAnnounceEverythingChangedResult;
}

const announceEverythingChangedIR: any = {"usedParamSet":{},"params":[],"statement":"-- Tells readers of the data-changes channel (db/engine/data-changes.ts) that anything may have\n-- changed: a model switch, a refresh that settled rows behind an aggregate's watermark. Inside a\n-- transaction it is delivered at COMMIT, and not at all on ROLLBACK.\nSELECT pg_notify('seriousness_data_changed', '*') AS \"sent\""};

/**
 * Query generated from SQL:
 * ```
 * -- Tells readers of the data-changes channel (db/engine/data-changes.ts) that anything may have
 * -- changed: a model switch, a refresh that settled rows behind an aggregate's watermark. Inside a
 * -- transaction it is delivered at COMMIT, and not at all on ROLLBACK.
 * SELECT pg_notify('seriousness_data_changed', '*') AS "sent"
 * ```
 */
export const announceEverythingChanged = new PreparedQuery<IAnnounceEverythingChangedParams,IAnnounceEverythingChangedResult>(announceEverythingChangedIR);


/** 'AnnounceModelScoresChanged' parameters type */
export interface IAnnounceModelScoresChangedParams {
  models: stringArray;
}

/** 'AnnounceModelScoresChanged' return type */
export interface IAnnounceModelScoresChangedResult {
  sent: undefined | null;
}

/** 'AnnounceModelScoresChanged' query type */
export interface IAnnounceModelScoresChangedQuery {
  params: IAnnounceModelScoresChangedParams;
  result: IAnnounceModelScoresChangedResult;
}

const announceModelScoresChangedIR: any = {"usedParamSet":{"models":true},"params":[{"name":"models","required":true,"transform":{"type":"scalar"},"locs":[{"a":370,"b":377}]}],"statement":"-- Tells readers that only these models' figures changed (a re-score's refresh of the history it\n-- wrote for the model being re-scored to): `scores-of:<model>,…`, as insertScores announces a\n-- write too long to list (db/engine/data-changes.ts). A reader serving another model reads nothing.\nSELECT pg_notify('seriousness_data_changed', 'scores-of:' || array_to_string(:models!::text[], ',')) AS \"sent\""};

/**
 * Query generated from SQL:
 * ```
 * -- Tells readers that only these models' figures changed (a re-score's refresh of the history it
 * -- wrote for the model being re-scored to): `scores-of:<model>,…`, as insertScores announces a
 * -- write too long to list (db/engine/data-changes.ts). A reader serving another model reads nothing.
 * SELECT pg_notify('seriousness_data_changed', 'scores-of:' || array_to_string(:models!::text[], ',')) AS "sent"
 * ```
 */
export const announceModelScoresChanged = new PreparedQuery<IAnnounceModelScoresChangedParams,IAnnounceModelScoresChangedResult>(announceModelScoresChangedIR);



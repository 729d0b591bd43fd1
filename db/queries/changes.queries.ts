/** Types generated for queries found in "db/queries/changes.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

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



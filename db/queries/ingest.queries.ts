/** Types generated for queries found in "db/queries/ingest.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type NumberOrString = number | string;

export type stringArray = (string)[];

/** 'GetCursor' parameters type */
export interface IGetCursorParams {
  listing: string;
}

/** 'GetCursor' return type */
export interface IGetCursorResult {
  newest_created_at: Date | null;
  newest_fullname: string | null;
  polled_at: Date | null;
}

/** 'GetCursor' query type */
export interface IGetCursorQuery {
  params: IGetCursorParams;
  result: IGetCursorResult;
}

const getCursorIR: any = {"usedParamSet":{"listing":true},"params":[{"name":"listing","required":true,"transform":{"type":"scalar"},"locs":[{"a":184,"b":192}]}],"statement":"-- Where the poller of one listing stopped: the newest post it has stored (fullname and time).\nSELECT newest_fullname, newest_created_at, polled_at\nFROM ingest_cursors\nWHERE listing = :listing!"};

/**
 * Query generated from SQL:
 * ```
 * -- Where the poller of one listing stopped: the newest post it has stored (fullname and time).
 * SELECT newest_fullname, newest_created_at, polled_at
 * FROM ingest_cursors
 * WHERE listing = :listing!
 * ```
 */
export const getCursor = new PreparedQuery<IGetCursorParams,IGetCursorResult>(getCursorIR);


/** 'SaveCursor' parameters type */
export interface ISaveCursorParams {
  createdAt: DateOrString;
  fullname: string;
  listing: string;
}

/** 'SaveCursor' return type */
export type ISaveCursorResult = void;

/** 'SaveCursor' query type */
export interface ISaveCursorQuery {
  params: ISaveCursorParams;
  result: ISaveCursorResult;
}

const saveCursorIR: any = {"usedParamSet":{"listing":true,"fullname":true,"createdAt":true},"params":[{"name":"listing","required":true,"transform":{"type":"scalar"},"locs":[{"a":196,"b":204}]},{"name":"fullname","required":true,"transform":{"type":"scalar"},"locs":[{"a":207,"b":216}]},{"name":"createdAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":219,"b":229}]}],"statement":"-- Moves a listing's cursor forward, never back: a late or replayed write cannot rewind it.\nINSERT INTO ingest_cursors (listing, newest_fullname, newest_created_at, polled_at, updated_at)\nVALUES (:listing!, :fullname!, :createdAt!::timestamptz, now(), now())\nON CONFLICT (listing) DO UPDATE SET\n    newest_fullname   = CASE WHEN ingest_cursors.newest_created_at IS NULL\n                               OR EXCLUDED.newest_created_at >= ingest_cursors.newest_created_at\n                             THEN EXCLUDED.newest_fullname ELSE ingest_cursors.newest_fullname END,\n    newest_created_at = greatest(ingest_cursors.newest_created_at, EXCLUDED.newest_created_at),\n    polled_at         = now(),\n    updated_at        = now()"};

/**
 * Query generated from SQL:
 * ```
 * -- Moves a listing's cursor forward, never back: a late or replayed write cannot rewind it.
 * INSERT INTO ingest_cursors (listing, newest_fullname, newest_created_at, polled_at, updated_at)
 * VALUES (:listing!, :fullname!, :createdAt!::timestamptz, now(), now())
 * ON CONFLICT (listing) DO UPDATE SET
 *     newest_fullname   = CASE WHEN ingest_cursors.newest_created_at IS NULL
 *                                OR EXCLUDED.newest_created_at >= ingest_cursors.newest_created_at
 *                              THEN EXCLUDED.newest_fullname ELSE ingest_cursors.newest_fullname END,
 *     newest_created_at = greatest(ingest_cursors.newest_created_at, EXCLUDED.newest_created_at),
 *     polled_at         = now(),
 *     updated_at        = now()
 * ```
 */
export const saveCursor = new PreparedQuery<ISaveCursorParams,ISaveCursorResult>(saveCursorIR);


/** 'InsertDeadLetters' parameters type */
export interface IInsertDeadLettersParams {
  contexts: stringArray;
  payloads: stringArray;
  reasons: stringArray;
  sources: stringArray;
}

/** 'InsertDeadLetters' return type */
export type IInsertDeadLettersResult = void;

/** 'InsertDeadLetters' query type */
export interface IInsertDeadLettersQuery {
  params: IInsertDeadLettersParams;
  result: IInsertDeadLettersResult;
}

const insertDeadLettersIR: any = {"usedParamSet":{"sources":true,"reasons":true,"contexts":true,"payloads":true},"params":[{"name":"sources","required":true,"transform":{"type":"scalar"},"locs":[{"a":210,"b":218}]},{"name":"reasons","required":true,"transform":{"type":"scalar"},"locs":[{"a":229,"b":237}]},{"name":"contexts","required":true,"transform":{"type":"scalar"},"locs":[{"a":248,"b":257}]},{"name":"payloads","required":true,"transform":{"type":"scalar"},"locs":[{"a":268,"b":277}]}],"statement":"-- Bad input kept for inspection, one statement per batch. contexts are JSON texts.\nINSERT INTO ingest_dead_letters (source, reason, context, payload)\nSELECT source, reason, context::jsonb, payload\nFROM unnest(:sources!::text[], :reasons!::text[], :contexts!::text[], :payloads!::text[])\n    AS d(source, reason, context, payload)"};

/**
 * Query generated from SQL:
 * ```
 * -- Bad input kept for inspection, one statement per batch. contexts are JSON texts.
 * INSERT INTO ingest_dead_letters (source, reason, context, payload)
 * SELECT source, reason, context::jsonb, payload
 * FROM unnest(:sources!::text[], :reasons!::text[], :contexts!::text[], :payloads!::text[])
 *     AS d(source, reason, context, payload)
 * ```
 */
export const insertDeadLetters = new PreparedQuery<IInsertDeadLettersParams,IInsertDeadLettersResult>(insertDeadLettersIR);


/** 'RecentDeadLetters' parameters type */
export interface IRecentDeadLettersParams {
  limit: NumberOrString;
}

/** 'RecentDeadLetters' return type */
export interface IRecentDeadLettersResult {
  context: Json;
  id: string;
  payload: string | null;
  reason: string;
  received_at: Date;
  source: string;
}

/** 'RecentDeadLetters' query type */
export interface IRecentDeadLettersQuery {
  params: IRecentDeadLettersParams;
  result: IRecentDeadLettersResult;
}

const recentDeadLettersIR: any = {"usedParamSet":{"limit":true},"params":[{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":179,"b":185}]}],"statement":"SELECT id AS \"id!\", received_at AS \"received_at!\", source AS \"source!\", reason AS \"reason!\",\n       context AS \"context!\", payload\nFROM ingest_dead_letters\nORDER BY id DESC\nLIMIT :limit!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id AS "id!", received_at AS "received_at!", source AS "source!", reason AS "reason!",
 *        context AS "context!", payload
 * FROM ingest_dead_letters
 * ORDER BY id DESC
 * LIMIT :limit!
 * ```
 */
export const recentDeadLetters = new PreparedQuery<IRecentDeadLettersParams,IRecentDeadLettersResult>(recentDeadLettersIR);


/** 'RecordPollSuccess' parameters type */
export interface IRecordPollSuccessParams {
  deadLetters: number;
  gaps: number;
  listing: string;
  mode: string;
  newestCreatedAt?: DateOrString | null | void;
  postsNew: number;
  rateRemaining?: number | null | void;
  rateResetAt?: DateOrString | null | void;
  skipped: number;
}

/** 'RecordPollSuccess' return type */
export type IRecordPollSuccessResult = void;

/** 'RecordPollSuccess' query type */
export interface IRecordPollSuccessQuery {
  params: IRecordPollSuccessParams;
  result: IRecordPollSuccessResult;
}

const recordPollSuccessIR: any = {"usedParamSet":{"listing":true,"mode":true,"rateRemaining":true,"rateResetAt":true,"postsNew":true,"deadLetters":true,"skipped":true,"gaps":true,"newestCreatedAt":true},"params":[{"name":"listing","required":true,"transform":{"type":"scalar"},"locs":[{"a":424,"b":432}]},{"name":"mode","required":true,"transform":{"type":"scalar"},"locs":[{"a":435,"b":440}]},{"name":"rateRemaining","required":false,"transform":{"type":"scalar"},"locs":[{"a":460,"b":473}]},{"name":"rateResetAt","required":false,"transform":{"type":"scalar"},"locs":[{"a":484,"b":495}]},{"name":"postsNew","required":true,"transform":{"type":"scalar"},"locs":[{"a":519,"b":528},{"a":536,"b":545}]},{"name":"deadLetters","required":true,"transform":{"type":"scalar"},"locs":[{"a":556,"b":568}]},{"name":"skipped","required":true,"transform":{"type":"scalar"},"locs":[{"a":576,"b":584}]},{"name":"gaps","required":true,"transform":{"type":"scalar"},"locs":[{"a":592,"b":597},{"a":623,"b":628}]},{"name":"newestCreatedAt","required":false,"transform":{"type":"scalar"},"locs":[{"a":655,"b":670}]}],"statement":"-- After a poll that stored its pages: counters move, the error streak ends.\nINSERT INTO ingest_status (listing, mode, last_poll_at, last_success_at, consecutive_errors,\n                           rate_remaining, rate_reset_at, posts_last_poll, posts_total, polls_total,\n                           dead_letters_total, skipped_total, gaps_total, last_gap_at,\n                           newest_created_at, updated_at)\nVALUES (:listing!, :mode!, now(), now(), 0, :rateRemaining::float8, :rateResetAt::timestamptz,\n        :postsNew!::int, :postsNew!::int, 1, :deadLetters!::int, :skipped!::int, :gaps!::int,\n        CASE WHEN :gaps!::int > 0 THEN now() END, :newestCreatedAt::timestamptz, now())\nON CONFLICT (listing) DO UPDATE SET\n    mode               = EXCLUDED.mode,\n    last_poll_at       = now(),\n    last_success_at    = now(),\n    consecutive_errors = 0,\n    rate_remaining     = coalesce(EXCLUDED.rate_remaining, ingest_status.rate_remaining),\n    rate_reset_at      = coalesce(EXCLUDED.rate_reset_at, ingest_status.rate_reset_at),\n    posts_last_poll    = EXCLUDED.posts_last_poll,\n    posts_total        = ingest_status.posts_total + EXCLUDED.posts_last_poll,\n    polls_total        = ingest_status.polls_total + 1,\n    dead_letters_total = ingest_status.dead_letters_total + EXCLUDED.dead_letters_total,\n    skipped_total      = ingest_status.skipped_total + EXCLUDED.skipped_total,\n    gaps_total         = ingest_status.gaps_total + EXCLUDED.gaps_total,\n    last_gap_at        = coalesce(EXCLUDED.last_gap_at, ingest_status.last_gap_at),\n    newest_created_at  = greatest(ingest_status.newest_created_at, EXCLUDED.newest_created_at),\n    updated_at         = now()"};

/**
 * Query generated from SQL:
 * ```
 * -- After a poll that stored its pages: counters move, the error streak ends.
 * INSERT INTO ingest_status (listing, mode, last_poll_at, last_success_at, consecutive_errors,
 *                            rate_remaining, rate_reset_at, posts_last_poll, posts_total, polls_total,
 *                            dead_letters_total, skipped_total, gaps_total, last_gap_at,
 *                            newest_created_at, updated_at)
 * VALUES (:listing!, :mode!, now(), now(), 0, :rateRemaining::float8, :rateResetAt::timestamptz,
 *         :postsNew!::int, :postsNew!::int, 1, :deadLetters!::int, :skipped!::int, :gaps!::int,
 *         CASE WHEN :gaps!::int > 0 THEN now() END, :newestCreatedAt::timestamptz, now())
 * ON CONFLICT (listing) DO UPDATE SET
 *     mode               = EXCLUDED.mode,
 *     last_poll_at       = now(),
 *     last_success_at    = now(),
 *     consecutive_errors = 0,
 *     rate_remaining     = coalesce(EXCLUDED.rate_remaining, ingest_status.rate_remaining),
 *     rate_reset_at      = coalesce(EXCLUDED.rate_reset_at, ingest_status.rate_reset_at),
 *     posts_last_poll    = EXCLUDED.posts_last_poll,
 *     posts_total        = ingest_status.posts_total + EXCLUDED.posts_last_poll,
 *     polls_total        = ingest_status.polls_total + 1,
 *     dead_letters_total = ingest_status.dead_letters_total + EXCLUDED.dead_letters_total,
 *     skipped_total      = ingest_status.skipped_total + EXCLUDED.skipped_total,
 *     gaps_total         = ingest_status.gaps_total + EXCLUDED.gaps_total,
 *     last_gap_at        = coalesce(EXCLUDED.last_gap_at, ingest_status.last_gap_at),
 *     newest_created_at  = greatest(ingest_status.newest_created_at, EXCLUDED.newest_created_at),
 *     updated_at         = now()
 * ```
 */
export const recordPollSuccess = new PreparedQuery<IRecordPollSuccessParams,IRecordPollSuccessResult>(recordPollSuccessIR);


/** 'RecordPollError' parameters type */
export interface IRecordPollErrorParams {
  deadLetters: number;
  error: string;
  listing: string;
  mode: string;
  rateRemaining?: number | null | void;
  rateResetAt?: DateOrString | null | void;
}

/** 'RecordPollError' return type */
export type IRecordPollErrorResult = void;

/** 'RecordPollError' query type */
export interface IRecordPollErrorQuery {
  params: IRecordPollErrorParams;
  result: IRecordPollErrorResult;
}

const recordPollErrorIR: any = {"usedParamSet":{"listing":true,"mode":true,"error":true,"rateRemaining":true,"rateResetAt":true,"deadLetters":true},"params":[{"name":"listing","required":true,"transform":{"type":"scalar"},"locs":[{"a":341,"b":349}]},{"name":"mode","required":true,"transform":{"type":"scalar"},"locs":[{"a":352,"b":357}]},{"name":"error","required":true,"transform":{"type":"scalar"},"locs":[{"a":367,"b":373}]},{"name":"rateRemaining","required":false,"transform":{"type":"scalar"},"locs":[{"a":386,"b":399}]},{"name":"rateResetAt","required":false,"transform":{"type":"scalar"},"locs":[{"a":410,"b":421}]},{"name":"deadLetters","required":true,"transform":{"type":"scalar"},"locs":[{"a":451,"b":463}]}],"statement":"-- After a poll that failed (Reddit unreachable, 5xx after retries, database error…).\nINSERT INTO ingest_status (listing, mode, last_poll_at, last_error, last_error_at, consecutive_errors,\n                           rate_remaining, rate_reset_at, polls_total, errors_total,\n                           dead_letters_total, updated_at)\nVALUES (:listing!, :mode!, now(), :error!, now(), 1, :rateRemaining::float8, :rateResetAt::timestamptz,\n        1, 1, :deadLetters!::int, now())\nON CONFLICT (listing) DO UPDATE SET\n    mode               = EXCLUDED.mode,\n    last_poll_at       = now(),\n    last_error         = EXCLUDED.last_error,\n    last_error_at      = now(),\n    consecutive_errors = ingest_status.consecutive_errors + 1,\n    rate_remaining     = coalesce(EXCLUDED.rate_remaining, ingest_status.rate_remaining),\n    rate_reset_at      = coalesce(EXCLUDED.rate_reset_at, ingest_status.rate_reset_at),\n    polls_total        = ingest_status.polls_total + 1,\n    errors_total       = ingest_status.errors_total + 1,\n    dead_letters_total = ingest_status.dead_letters_total + EXCLUDED.dead_letters_total,\n    updated_at         = now()"};

/**
 * Query generated from SQL:
 * ```
 * -- After a poll that failed (Reddit unreachable, 5xx after retries, database error…).
 * INSERT INTO ingest_status (listing, mode, last_poll_at, last_error, last_error_at, consecutive_errors,
 *                            rate_remaining, rate_reset_at, polls_total, errors_total,
 *                            dead_letters_total, updated_at)
 * VALUES (:listing!, :mode!, now(), :error!, now(), 1, :rateRemaining::float8, :rateResetAt::timestamptz,
 *         1, 1, :deadLetters!::int, now())
 * ON CONFLICT (listing) DO UPDATE SET
 *     mode               = EXCLUDED.mode,
 *     last_poll_at       = now(),
 *     last_error         = EXCLUDED.last_error,
 *     last_error_at      = now(),
 *     consecutive_errors = ingest_status.consecutive_errors + 1,
 *     rate_remaining     = coalesce(EXCLUDED.rate_remaining, ingest_status.rate_remaining),
 *     rate_reset_at      = coalesce(EXCLUDED.rate_reset_at, ingest_status.rate_reset_at),
 *     polls_total        = ingest_status.polls_total + 1,
 *     errors_total       = ingest_status.errors_total + 1,
 *     dead_letters_total = ingest_status.dead_letters_total + EXCLUDED.dead_letters_total,
 *     updated_at         = now()
 * ```
 */
export const recordPollError = new PreparedQuery<IRecordPollErrorParams,IRecordPollErrorResult>(recordPollErrorIR);


/** 'IngestStatus' parameters type */
export type IIngestStatusParams = void;

/** 'IngestStatus' return type */
export interface IIngestStatusResult {
  consecutive_errors: number;
  cursor_fullname: string | null;
  dead_letters_total: number;
  errors_total: number;
  gaps_total: number;
  lag_seconds: number | null;
  last_error: string | null;
  last_error_at: Date | null;
  last_gap_at: Date | null;
  last_poll_at: Date | null;
  last_success_at: Date | null;
  listing: string;
  mode: string;
  newest_created_at: Date | null;
  polls_total: number;
  posts_last_poll: number;
  posts_per_minute: number;
  posts_total: number;
  rate_remaining: number | null;
  rate_reset_at: Date | null;
  seconds_since_success: number | null;
  skipped_total: number;
  updated_at: Date;
}

/** 'IngestStatus' query type */
export interface IIngestStatusQuery {
  params: IIngestStatusParams;
  result: IIngestStatusResult;
}

const ingestStatusIR: any = {"usedParamSet":{},"params":[],"statement":"-- What the API and dashboard show about ingestion, one row per polled listing.\nSELECT listing AS \"listing!\", mode AS \"mode!\", last_poll_at, last_success_at, lag_seconds,\n       seconds_since_success, posts_per_minute AS \"posts_per_minute!\", rate_remaining, rate_reset_at,\n       last_error, last_error_at, consecutive_errors AS \"consecutive_errors!\",\n       posts_last_poll AS \"posts_last_poll!\", posts_total::float8 AS \"posts_total!\",\n       polls_total::float8 AS \"polls_total!\", errors_total::float8 AS \"errors_total!\",\n       dead_letters_total::float8 AS \"dead_letters_total!\", skipped_total::float8 AS \"skipped_total!\",\n       gaps_total::float8 AS \"gaps_total!\", last_gap_at,\n       newest_created_at, cursor_fullname,\n       updated_at AS \"updated_at!\"\nFROM ingest_status_view\nORDER BY listing"};

/**
 * Query generated from SQL:
 * ```
 * -- What the API and dashboard show about ingestion, one row per polled listing.
 * SELECT listing AS "listing!", mode AS "mode!", last_poll_at, last_success_at, lag_seconds,
 *        seconds_since_success, posts_per_minute AS "posts_per_minute!", rate_remaining, rate_reset_at,
 *        last_error, last_error_at, consecutive_errors AS "consecutive_errors!",
 *        posts_last_poll AS "posts_last_poll!", posts_total::float8 AS "posts_total!",
 *        polls_total::float8 AS "polls_total!", errors_total::float8 AS "errors_total!",
 *        dead_letters_total::float8 AS "dead_letters_total!", skipped_total::float8 AS "skipped_total!",
 *        gaps_total::float8 AS "gaps_total!", last_gap_at,
 *        newest_created_at, cursor_fullname,
 *        updated_at AS "updated_at!"
 * FROM ingest_status_view
 * ORDER BY listing
 * ```
 */
export const ingestStatus = new PreparedQuery<IIngestStatusParams,IIngestStatusResult>(ingestStatusIR);


/** 'PostsOfSubreddit' parameters type */
export interface IPostsOfSubredditParams {
  subreddit: string;
}

/** 'PostsOfSubreddit' return type */
export interface IPostsOfSubredditResult {
  created_at: Date;
  id: string;
  ingested_at: Date;
  num_comments: number;
  score: number;
  title: string;
  updated_at: Date;
}

/** 'PostsOfSubreddit' query type */
export interface IPostsOfSubredditQuery {
  params: IPostsOfSubredditParams;
  result: IPostsOfSubredditResult;
}

const postsOfSubredditIR: any = {"usedParamSet":{"subreddit":true},"params":[{"name":"subreddit","required":true,"transform":{"type":"scalar"},"locs":[{"a":310,"b":320}]}],"statement":"-- The stored posts of one subreddit (tests and tools: \"did every post arrive exactly once?\").\nSELECT id AS \"id!\", created_at AS \"created_at!\", title AS \"title!\", score AS \"score!\",\n       num_comments AS \"num_comments!\", ingested_at AS \"ingested_at!\", updated_at AS \"updated_at!\"\nFROM posts\nWHERE subreddit = :subreddit!\nORDER BY created_at, id"};

/**
 * Query generated from SQL:
 * ```
 * -- The stored posts of one subreddit (tests and tools: "did every post arrive exactly once?").
 * SELECT id AS "id!", created_at AS "created_at!", title AS "title!", score AS "score!",
 *        num_comments AS "num_comments!", ingested_at AS "ingested_at!", updated_at AS "updated_at!"
 * FROM posts
 * WHERE subreddit = :subreddit!
 * ORDER BY created_at, id
 * ```
 */
export const postsOfSubreddit = new PreparedQuery<IPostsOfSubredditParams,IPostsOfSubredditResult>(postsOfSubredditIR);



/** Types generated for queries found in "db/queries/api.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type DateOrStringArray = (DateOrString)[];

export type NumberOrString = number | string;

export type stringArray = (string)[];

/** 'ApiActiveModel' parameters type */
export type IApiActiveModelParams = void;

/** 'ApiActiveModel' return type */
export interface IApiActiveModelResult {
  activated_at: Date | null;
  version: string;
}

/** 'ApiActiveModel' query type */
export interface IApiActiveModelQuery {
  params: IApiActiveModelParams;
  result: IApiActiveModelResult;
}

const apiActiveModelIR: any = {"usedParamSet":{},"params":[],"statement":"-- The model version the API serves: the active one (it switches only when a re-score caught up).\nSELECT version AS \"version!\", activated_at FROM models WHERE status = 'active'"};

/**
 * Query generated from SQL:
 * ```
 * -- The model version the API serves: the active one (it switches only when a re-score caught up).
 * SELECT version AS "version!", activated_at FROM models WHERE status = 'active'
 * ```
 */
export const apiActiveModel = new PreparedQuery<IApiActiveModelParams,IApiActiveModelResult>(apiActiveModelIR);


/** 'ApiSubredditSummaries' parameters type */
export interface IApiSubredditSummariesParams {
  modelVersion: string;
  now: DateOrString;
}

/** 'ApiSubredditSummaries' return type */
export interface IApiSubredditSummariesResult {
  first_day: Date;
  last_day: Date;
  post_count: number;
  post_count_24h: number;
  post_count_prev_24h: number;
  seriousness_mean: number;
  seriousness_mean_24h: number | null;
  seriousness_mean_prev_24h: number | null;
  seriousness_sum: number;
  seriousness_sum_24h: number;
  seriousness_sum_prev_24h: number;
  subreddit: string;
}

/** 'ApiSubredditSummaries' query type */
export interface IApiSubredditSummariesQuery {
  params: IApiSubredditSummariesParams;
  result: IApiSubredditSummariesResult;
}

const apiSubredditSummariesIR: any = {"usedParamSet":{"now":true,"modelVersion":true},"params":[{"name":"now","required":true,"transform":{"type":"scalar"},"locs":[{"a":584,"b":588},{"a":699,"b":703},{"a":803,"b":807},{"a":919,"b":923},{"a":1072,"b":1076},{"a":1133,"b":1137}]},{"name":"modelVersion","required":true,"transform":{"type":"scalar"},"locs":[{"a":1038,"b":1051},{"a":2303,"b":2316}]}],"statement":"-- Every subreddit with an all-time figure for one model version, with its last-24-hour and\n-- previous-24-hour figures. Only continuous aggregates are read: all time from the all-time view\n-- (daily cagg), the two 24-hour windows from the hourly cagg. The windows are the 24 hourly buckets\n-- ending with the bucket that contains :now (the current, partial hour included), and the 24 before.\n-- Sums beside the means: the API adds the scores announced on the data-changes channel to them.\nWITH recent AS (\n    SELECT\n        subreddit,\n        sum(post_count) FILTER (WHERE bucket > :now!::timestamptz - INTERVAL '24 hours')        AS count_24h,\n        sum(seriousness_sum) FILTER (WHERE bucket > :now!::timestamptz - INTERVAL '24 hours')   AS sum_24h,\n        sum(post_count) FILTER (WHERE bucket <= :now!::timestamptz - INTERVAL '24 hours')       AS count_prev,\n        sum(seriousness_sum) FILTER (WHERE bucket <= :now!::timestamptz - INTERVAL '24 hours')  AS sum_prev\n    FROM subreddit_seriousness_hourly\n    WHERE model_version = :modelVersion!\n      AND bucket > :now!::timestamptz - INTERVAL '48 hours'\n      AND bucket <= :now!::timestamptz\n    GROUP BY subreddit\n)\nSELECT\n    a.subreddit                                              AS \"subreddit!\",\n    a.post_count::int                                        AS \"post_count!\",\n    a.seriousness_mean::float8                               AS \"seriousness_mean!\",\n    a.seriousness_sum::float8                                AS \"seriousness_sum!\",\n    a.first_day                                              AS \"first_day!\",\n    a.last_day                                               AS \"last_day!\",\n    coalesce(r.count_24h, 0)::int                            AS \"post_count_24h!\",\n    (r.sum_24h / nullif(r.count_24h, 0))::float8             AS seriousness_mean_24h,\n    coalesce(r.sum_24h, 0)::float8                           AS \"seriousness_sum_24h!\",\n    coalesce(r.count_prev, 0)::int                           AS \"post_count_prev_24h!\",\n    (r.sum_prev / nullif(r.count_prev, 0))::float8           AS seriousness_mean_prev_24h,\n    coalesce(r.sum_prev, 0)::float8                          AS \"seriousness_sum_prev_24h!\"\nFROM subreddit_seriousness_all_time a\nLEFT JOIN recent r ON r.subreddit = a.subreddit\nWHERE a.model_version = :modelVersion!\nORDER BY a.subreddit"};

/**
 * Query generated from SQL:
 * ```
 * -- Every subreddit with an all-time figure for one model version, with its last-24-hour and
 * -- previous-24-hour figures. Only continuous aggregates are read: all time from the all-time view
 * -- (daily cagg), the two 24-hour windows from the hourly cagg. The windows are the 24 hourly buckets
 * -- ending with the bucket that contains :now (the current, partial hour included), and the 24 before.
 * -- Sums beside the means: the API adds the scores announced on the data-changes channel to them.
 * WITH recent AS (
 *     SELECT
 *         subreddit,
 *         sum(post_count) FILTER (WHERE bucket > :now!::timestamptz - INTERVAL '24 hours')        AS count_24h,
 *         sum(seriousness_sum) FILTER (WHERE bucket > :now!::timestamptz - INTERVAL '24 hours')   AS sum_24h,
 *         sum(post_count) FILTER (WHERE bucket <= :now!::timestamptz - INTERVAL '24 hours')       AS count_prev,
 *         sum(seriousness_sum) FILTER (WHERE bucket <= :now!::timestamptz - INTERVAL '24 hours')  AS sum_prev
 *     FROM subreddit_seriousness_hourly
 *     WHERE model_version = :modelVersion!
 *       AND bucket > :now!::timestamptz - INTERVAL '48 hours'
 *       AND bucket <= :now!::timestamptz
 *     GROUP BY subreddit
 * )
 * SELECT
 *     a.subreddit                                              AS "subreddit!",
 *     a.post_count::int                                        AS "post_count!",
 *     a.seriousness_mean::float8                               AS "seriousness_mean!",
 *     a.seriousness_sum::float8                                AS "seriousness_sum!",
 *     a.first_day                                              AS "first_day!",
 *     a.last_day                                               AS "last_day!",
 *     coalesce(r.count_24h, 0)::int                            AS "post_count_24h!",
 *     (r.sum_24h / nullif(r.count_24h, 0))::float8             AS seriousness_mean_24h,
 *     coalesce(r.sum_24h, 0)::float8                           AS "seriousness_sum_24h!",
 *     coalesce(r.count_prev, 0)::int                           AS "post_count_prev_24h!",
 *     (r.sum_prev / nullif(r.count_prev, 0))::float8           AS seriousness_mean_prev_24h,
 *     coalesce(r.sum_prev, 0)::float8                          AS "seriousness_sum_prev_24h!"
 * FROM subreddit_seriousness_all_time a
 * LEFT JOIN recent r ON r.subreddit = a.subreddit
 * WHERE a.model_version = :modelVersion!
 * ORDER BY a.subreddit
 * ```
 */
export const apiSubredditSummaries = new PreparedQuery<IApiSubredditSummariesParams,IApiSubredditSummariesResult>(apiSubredditSummariesIR);


/** 'ApiHourlySeries' parameters type */
export interface IApiHourlySeriesParams {
  from: DateOrString;
  modelVersion: string;
  subreddit: string;
  to: DateOrString;
}

/** 'ApiHourlySeries' return type */
export interface IApiHourlySeriesResult {
  bucket: Date;
  post_count: number;
  seriousness_mean: number;
}

/** 'ApiHourlySeries' query type */
export interface IApiHourlySeriesQuery {
  params: IApiHourlySeriesParams;
  result: IApiHourlySeriesResult;
}

const apiHourlySeriesIR: any = {"usedParamSet":{"subreddit":true,"modelVersion":true,"from":true,"to":true},"params":[{"name":"subreddit","required":true,"transform":{"type":"scalar"},"locs":[{"a":405,"b":415}]},{"name":"modelVersion","required":true,"transform":{"type":"scalar"},"locs":[{"a":439,"b":452}]},{"name":"from","required":true,"transform":{"type":"scalar"},"locs":[{"a":470,"b":475}]},{"name":"to","required":true,"transform":{"type":"scalar"},"locs":[{"a":505,"b":508}]}],"statement":"-- One subreddit's non-empty hours in [from, to) for one model version, from the hourly cagg (the\n-- API fills the empty hours in: a generate_series LEFT JOIN here cost 3x the time of the read).\nSELECT\n    bucket                      AS \"bucket!\",\n    post_count::int             AS \"post_count!\",\n    seriousness_mean::float8    AS \"seriousness_mean!\"\nFROM subreddit_seriousness_hourly\nWHERE subreddit = :subreddit!\n  AND model_version = :modelVersion!\n  AND bucket >= :from!::timestamptz\n  AND bucket < :to!::timestamptz\nORDER BY bucket"};

/**
 * Query generated from SQL:
 * ```
 * -- One subreddit's non-empty hours in [from, to) for one model version, from the hourly cagg (the
 * -- API fills the empty hours in: a generate_series LEFT JOIN here cost 3x the time of the read).
 * SELECT
 *     bucket                      AS "bucket!",
 *     post_count::int             AS "post_count!",
 *     seriousness_mean::float8    AS "seriousness_mean!"
 * FROM subreddit_seriousness_hourly
 * WHERE subreddit = :subreddit!
 *   AND model_version = :modelVersion!
 *   AND bucket >= :from!::timestamptz
 *   AND bucket < :to!::timestamptz
 * ORDER BY bucket
 * ```
 */
export const apiHourlySeries = new PreparedQuery<IApiHourlySeriesParams,IApiHourlySeriesResult>(apiHourlySeriesIR);


/** 'ApiDailySeries' parameters type */
export interface IApiDailySeriesParams {
  from: DateOrString;
  modelVersion: string;
  subreddit: string;
  to: DateOrString;
}

/** 'ApiDailySeries' return type */
export interface IApiDailySeriesResult {
  bucket: Date;
  post_count: number;
  seriousness_mean: number;
}

/** 'ApiDailySeries' query type */
export interface IApiDailySeriesQuery {
  params: IApiDailySeriesParams;
  result: IApiDailySeriesResult;
}

const apiDailySeriesIR: any = {"usedParamSet":{"subreddit":true,"modelVersion":true,"from":true,"to":true},"params":[{"name":"subreddit","required":true,"transform":{"type":"scalar"},"locs":[{"a":317,"b":327}]},{"name":"modelVersion","required":true,"transform":{"type":"scalar"},"locs":[{"a":351,"b":364}]},{"name":"from","required":true,"transform":{"type":"scalar"},"locs":[{"a":382,"b":387}]},{"name":"to","required":true,"transform":{"type":"scalar"},"locs":[{"a":417,"b":420}]}],"statement":"-- One subreddit's non-empty UTC days in [from, to), from the daily cagg (empty days filled in by the API).\nSELECT\n    bucket                      AS \"bucket!\",\n    post_count::int             AS \"post_count!\",\n    seriousness_mean::float8    AS \"seriousness_mean!\"\nFROM subreddit_seriousness_daily\nWHERE subreddit = :subreddit!\n  AND model_version = :modelVersion!\n  AND bucket >= :from!::timestamptz\n  AND bucket < :to!::timestamptz\nORDER BY bucket"};

/**
 * Query generated from SQL:
 * ```
 * -- One subreddit's non-empty UTC days in [from, to), from the daily cagg (empty days filled in by the API).
 * SELECT
 *     bucket                      AS "bucket!",
 *     post_count::int             AS "post_count!",
 *     seriousness_mean::float8    AS "seriousness_mean!"
 * FROM subreddit_seriousness_daily
 * WHERE subreddit = :subreddit!
 *   AND model_version = :modelVersion!
 *   AND bucket >= :from!::timestamptz
 *   AND bucket < :to!::timestamptz
 * ORDER BY bucket
 * ```
 */
export const apiDailySeries = new PreparedQuery<IApiDailySeriesParams,IApiDailySeriesResult>(apiDailySeriesIR);


/** 'ApiSubredditPosts' parameters type */
export interface IApiSubredditPostsParams {
  cursorCreatedAt?: DateOrString | null | void;
  cursorId?: string | null | void;
  limit: NumberOrString;
  subreddit: string;
}

/** 'ApiSubredditPosts' return type */
export interface IApiSubredditPostsResult {
  author: string | null;
  created_at: Date;
  id: string;
  num_comments: number;
  permalink: string | null;
  score: number;
  title: string;
  url: string | null;
}

/** 'ApiSubredditPosts' query type */
export interface IApiSubredditPostsQuery {
  params: IApiSubredditPostsParams;
  result: IApiSubredditPostsResult;
}

const apiSubredditPostsIR: any = {"usedParamSet":{"subreddit":true,"cursorCreatedAt":true,"cursorId":true,"limit":true},"params":[{"name":"subreddit","required":true,"transform":{"type":"scalar"},"locs":[{"a":659,"b":669}]},{"name":"cursorCreatedAt","required":false,"transform":{"type":"scalar"},"locs":[{"a":711,"b":726}]},{"name":"cursorId","required":false,"transform":{"type":"scalar"},"locs":[{"a":807,"b":815}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":873,"b":879}]}],"statement":"-- One page of a subreddit's posts, newest first. Keyset pagination on (created_at, id): the page\n-- strictly after the cursor (null cursor = the newest). Served by posts_subreddit_created_at_idx.\n-- Scores come from apiPostScores: joining post_scores here made the planner consider every chunk\n-- of both hypertables on every call (≈ 10x slower on the embedded engine).\nSELECT\n    p.id                AS \"id!\",\n    p.title             AS \"title!\",\n    p.permalink,\n    p.url,\n    p.author,\n    p.created_at        AS \"created_at!\",\n    p.score             AS \"score!\",\n    p.num_comments      AS \"num_comments!\"\nFROM posts p\nWHERE lower(p.subreddit) = lower(:subreddit!)\n  AND (p.created_at, p.id) < (coalesce(:cursorCreatedAt::timestamptz, 'infinity'::timestamptz),\n                              coalesce(:cursorId::text, ''))\nORDER BY p.created_at DESC, p.id DESC\nLIMIT :limit!"};

/**
 * Query generated from SQL:
 * ```
 * -- One page of a subreddit's posts, newest first. Keyset pagination on (created_at, id): the page
 * -- strictly after the cursor (null cursor = the newest). Served by posts_subreddit_created_at_idx.
 * -- Scores come from apiPostScores: joining post_scores here made the planner consider every chunk
 * -- of both hypertables on every call (≈ 10x slower on the embedded engine).
 * SELECT
 *     p.id                AS "id!",
 *     p.title             AS "title!",
 *     p.permalink,
 *     p.url,
 *     p.author,
 *     p.created_at        AS "created_at!",
 *     p.score             AS "score!",
 *     p.num_comments      AS "num_comments!"
 * FROM posts p
 * WHERE lower(p.subreddit) = lower(:subreddit!)
 *   AND (p.created_at, p.id) < (coalesce(:cursorCreatedAt::timestamptz, 'infinity'::timestamptz),
 *                               coalesce(:cursorId::text, ''))
 * ORDER BY p.created_at DESC, p.id DESC
 * LIMIT :limit!
 * ```
 */
export const apiSubredditPosts = new PreparedQuery<IApiSubredditPostsParams,IApiSubredditPostsResult>(apiSubredditPostsIR);


/** 'ApiPostScores' parameters type */
export interface IApiPostScoresParams {
  createdAts: DateOrStringArray;
  ids: stringArray;
  modelVersion: string;
  newest: DateOrString;
  oldest: DateOrString;
}

/** 'ApiPostScores' return type */
export interface IApiPostScoresResult {
  post_id: string;
  seriousness: number;
}

/** 'ApiPostScores' query type */
export interface IApiPostScoresQuery {
  params: IApiPostScoresParams;
  result: IApiPostScoresResult;
}

const apiPostScoresIR: any = {"usedParamSet":{"ids":true,"createdAts":true,"modelVersion":true,"oldest":true,"newest":true},"params":[{"name":"ids","required":true,"transform":{"type":"scalar"},"locs":[{"a":262,"b":266}]},{"name":"createdAts","required":true,"transform":{"type":"scalar"},"locs":[{"a":277,"b":288}]},{"name":"modelVersion","required":true,"transform":{"type":"scalar"},"locs":[{"a":405,"b":418}]},{"name":"oldest","required":true,"transform":{"type":"scalar"},"locs":[{"a":442,"b":449}]},{"name":"newest","required":true,"transform":{"type":"scalar"},"locs":[{"a":486,"b":493}]}],"statement":"-- The scores by one model version of a page of posts (their keys), no aggregate computed. The\n-- created_at bounds let the planner exclude every other chunk.\nSELECT s.post_id AS \"post_id!\", s.seriousness::float8 AS \"seriousness!\"\nFROM post_scores s\nJOIN unnest(:ids!::text[], :createdAts!::timestamptz[]) AS k(id, created_at)\n  ON s.post_id = k.id AND s.created_at = k.created_at\nWHERE s.model_version = :modelVersion!\n  AND s.created_at >= :oldest!::timestamptz\n  AND s.created_at <= :newest!::timestamptz"};

/**
 * Query generated from SQL:
 * ```
 * -- The scores by one model version of a page of posts (their keys), no aggregate computed. The
 * -- created_at bounds let the planner exclude every other chunk.
 * SELECT s.post_id AS "post_id!", s.seriousness::float8 AS "seriousness!"
 * FROM post_scores s
 * JOIN unnest(:ids!::text[], :createdAts!::timestamptz[]) AS k(id, created_at)
 *   ON s.post_id = k.id AND s.created_at = k.created_at
 * WHERE s.model_version = :modelVersion!
 *   AND s.created_at >= :oldest!::timestamptz
 *   AND s.created_at <= :newest!::timestamptz
 * ```
 */
export const apiPostScores = new PreparedQuery<IApiPostScoresParams,IApiPostScoresResult>(apiPostScoresIR);


/** 'ApiIngestStatus' parameters type */
export type IApiIngestStatusParams = void;

/** 'ApiIngestStatus' return type */
export interface IApiIngestStatusResult {
  consecutive_errors: number;
  errors_total: number;
  gaps_total: number;
  lag_seconds: number | null;
  last_error: string | null;
  last_error_at: Date | null;
  last_poll_at: Date | null;
  last_success_at: Date | null;
  listing: string;
  mode: string;
  newest_created_at: Date | null;
  posts_per_minute: number | null;
  posts_total: number;
  rate_remaining: number | null;
  rate_reset_at: Date | null;
  seconds_since_success: number | null;
}

/** 'ApiIngestStatus' query type */
export interface IApiIngestStatusQuery {
  params: IApiIngestStatusParams;
  result: IApiIngestStatusResult;
}

const apiIngestStatusIR: any = {"usedParamSet":{},"params":[],"statement":"-- One row per polled listing (ingest_status_view of migration 0007).\nSELECT\n    listing                 AS \"listing!\",\n    mode                    AS \"mode!\",\n    last_poll_at,\n    last_success_at,\n    lag_seconds,\n    seconds_since_success,\n    posts_per_minute,\n    rate_remaining,\n    rate_reset_at,\n    last_error,\n    last_error_at,\n    consecutive_errors      AS \"consecutive_errors!\",\n    posts_total::float8     AS \"posts_total!\",\n    errors_total::float8    AS \"errors_total!\",\n    gaps_total::float8      AS \"gaps_total!\",\n    newest_created_at\nFROM ingest_status_view\nORDER BY listing"};

/**
 * Query generated from SQL:
 * ```
 * -- One row per polled listing (ingest_status_view of migration 0007).
 * SELECT
 *     listing                 AS "listing!",
 *     mode                    AS "mode!",
 *     last_poll_at,
 *     last_success_at,
 *     lag_seconds,
 *     seconds_since_success,
 *     posts_per_minute,
 *     rate_remaining,
 *     rate_reset_at,
 *     last_error,
 *     last_error_at,
 *     consecutive_errors      AS "consecutive_errors!",
 *     posts_total::float8     AS "posts_total!",
 *     errors_total::float8    AS "errors_total!",
 *     gaps_total::float8      AS "gaps_total!",
 *     newest_created_at
 * FROM ingest_status_view
 * ORDER BY listing
 * ```
 */
export const apiIngestStatus = new PreparedQuery<IApiIngestStatusParams,IApiIngestStatusResult>(apiIngestStatusIR);


/** 'ApiScorerStatus' parameters type */
export type IApiScorerStatusParams = void;

/** 'ApiScorerStatus' return type */
export interface IApiScorerStatusResult {
  active_model: string | null;
  active_since: Date | null;
  lag_max_seconds: number | null;
  lag_p50_seconds: number | null;
  rescore_done: number | null;
  rescore_started_at: Date | null;
  rescore_total: number | null;
  rescoring_model: string | null;
  scored_last_minute: number | null;
}

/** 'ApiScorerStatus' query type */
export interface IApiScorerStatusQuery {
  params: IApiScorerStatusParams;
  result: IApiScorerStatusResult;
}

const apiScorerStatusIR: any = {"usedParamSet":{},"params":[],"statement":"-- Scorer throughput and lag over the last minute, and the models in play (scorer_status_view, 0008).\nSELECT\n    active_model,\n    active_since,\n    rescoring_model,\n    rescore_started_at,\n    rescore_done,\n    rescore_total,\n    scored_last_minute,\n    lag_p50_seconds,\n    lag_max_seconds\nFROM scorer_status_view"};

/**
 * Query generated from SQL:
 * ```
 * -- Scorer throughput and lag over the last minute, and the models in play (scorer_status_view, 0008).
 * SELECT
 *     active_model,
 *     active_since,
 *     rescoring_model,
 *     rescore_started_at,
 *     rescore_done,
 *     rescore_total,
 *     scored_last_minute,
 *     lag_p50_seconds,
 *     lag_max_seconds
 * FROM scorer_status_view
 * ```
 */
export const apiScorerStatus = new PreparedQuery<IApiScorerStatusParams,IApiScorerStatusResult>(apiScorerStatusIR);


/** 'ApiSchemaVersion' parameters type */
export type IApiSchemaVersionParams = void;

/** 'ApiSchemaVersion' return type */
export interface IApiSchemaVersionResult {
  version: number;
}

/** 'ApiSchemaVersion' query type */
export interface IApiSchemaVersionQuery {
  params: IApiSchemaVersionParams;
  result: IApiSchemaVersionResult;
}

const apiSchemaVersionIR: any = {"usedParamSet":{},"params":[],"statement":"-- The newest migration applied (readiness: the schema is as new as this build's migrations).\nSELECT coalesce(max(version), 0)::int AS \"version!\" FROM schema_migrations"};

/**
 * Query generated from SQL:
 * ```
 * -- The newest migration applied (readiness: the schema is as new as this build's migrations).
 * SELECT coalesce(max(version), 0)::int AS "version!" FROM schema_migrations
 * ```
 */
export const apiSchemaVersion = new PreparedQuery<IApiSchemaVersionParams,IApiSchemaVersionResult>(apiSchemaVersionIR);



/** Types generated for queries found in "db/queries/test/checks.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type numberArray = (number)[];

/** 'BruteForceHourly' parameters type */
export type IBruteForceHourlyParams = void;

/** 'BruteForceHourly' return type */
export interface IBruteForceHourlyResult {
  bucket: Date;
  model_version: string;
  post_count: number;
  seriousness_sum: number;
  subreddit: string;
}

/** 'BruteForceHourly' query type */
export interface IBruteForceHourlyQuery {
  params: IBruteForceHourlyParams;
  result: IBruteForceHourlyResult;
}

const bruteForceHourlyIR: any = {"usedParamSet":{},"params":[],"statement":"-- The hourly figures recomputed from raw rows: what the continuous aggregate must equal.\nSELECT\n    subreddit                                       AS \"subreddit!\",\n    model_version                                   AS \"model_version!\",\n    date_trunc('hour', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS \"bucket!\",\n    count(*)::int                                   AS \"post_count!\",\n    sum(seriousness)::float8                        AS \"seriousness_sum!\"\nFROM post_scores\nGROUP BY 1, 2, 3\nORDER BY 1, 2, 3"};

/**
 * Query generated from SQL:
 * ```
 * -- The hourly figures recomputed from raw rows: what the continuous aggregate must equal.
 * SELECT
 *     subreddit                                       AS "subreddit!",
 *     model_version                                   AS "model_version!",
 *     date_trunc('hour', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS "bucket!",
 *     count(*)::int                                   AS "post_count!",
 *     sum(seriousness)::float8                        AS "seriousness_sum!"
 * FROM post_scores
 * GROUP BY 1, 2, 3
 * ORDER BY 1, 2, 3
 * ```
 */
export const bruteForceHourly = new PreparedQuery<IBruteForceHourlyParams,IBruteForceHourlyResult>(bruteForceHourlyIR);


/** 'BruteForceDaily' parameters type */
export type IBruteForceDailyParams = void;

/** 'BruteForceDaily' return type */
export interface IBruteForceDailyResult {
  bucket: Date;
  model_version: string;
  post_count: number;
  seriousness_sum: number;
  subreddit: string;
}

/** 'BruteForceDaily' query type */
export interface IBruteForceDailyQuery {
  params: IBruteForceDailyParams;
  result: IBruteForceDailyResult;
}

const bruteForceDailyIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT\n    subreddit                                       AS \"subreddit!\",\n    model_version                                   AS \"model_version!\",\n    time_bucket(INTERVAL '1 day', created_at)       AS \"bucket!\",\n    count(*)::int                                   AS \"post_count!\",\n    sum(seriousness)::float8                        AS \"seriousness_sum!\"\nFROM post_scores\nGROUP BY 1, 2, 3\nORDER BY 1, 2, 3"};

/**
 * Query generated from SQL:
 * ```
 * SELECT
 *     subreddit                                       AS "subreddit!",
 *     model_version                                   AS "model_version!",
 *     time_bucket(INTERVAL '1 day', created_at)       AS "bucket!",
 *     count(*)::int                                   AS "post_count!",
 *     sum(seriousness)::float8                        AS "seriousness_sum!"
 * FROM post_scores
 * GROUP BY 1, 2, 3
 * ORDER BY 1, 2, 3
 * ```
 */
export const bruteForceDaily = new PreparedQuery<IBruteForceDailyParams,IBruteForceDailyResult>(bruteForceDailyIR);


/** 'BruteForceAllTime' parameters type */
export type IBruteForceAllTimeParams = void;

/** 'BruteForceAllTime' return type */
export interface IBruteForceAllTimeResult {
  model_version: string;
  post_count: number;
  seriousness_mean: number;
  seriousness_sum: number;
  subreddit: string;
}

/** 'BruteForceAllTime' query type */
export interface IBruteForceAllTimeQuery {
  params: IBruteForceAllTimeParams;
  result: IBruteForceAllTimeResult;
}

const bruteForceAllTimeIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT\n    subreddit                                       AS \"subreddit!\",\n    model_version                                   AS \"model_version!\",\n    count(*)::int                                   AS \"post_count!\",\n    sum(seriousness)::float8                        AS \"seriousness_sum!\",\n    avg(seriousness)::float8                        AS \"seriousness_mean!\"\nFROM post_scores\nGROUP BY 1, 2\nORDER BY 1, 2"};

/**
 * Query generated from SQL:
 * ```
 * SELECT
 *     subreddit                                       AS "subreddit!",
 *     model_version                                   AS "model_version!",
 *     count(*)::int                                   AS "post_count!",
 *     sum(seriousness)::float8                        AS "seriousness_sum!",
 *     avg(seriousness)::float8                        AS "seriousness_mean!"
 * FROM post_scores
 * GROUP BY 1, 2
 * ORDER BY 1, 2
 * ```
 */
export const bruteForceAllTime = new PreparedQuery<IBruteForceAllTimeParams,IBruteForceAllTimeResult>(bruteForceAllTimeIR);


/** 'CaggHourly' parameters type */
export type ICaggHourlyParams = void;

/** 'CaggHourly' return type */
export interface ICaggHourlyResult {
  bucket: Date;
  model_version: string;
  post_count: number;
  seriousness_mean: number;
  seriousness_sum: number;
  subreddit: string;
}

/** 'CaggHourly' query type */
export interface ICaggHourlyQuery {
  params: ICaggHourlyParams;
  result: ICaggHourlyResult;
}

const caggHourlyIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT subreddit AS \"subreddit!\", model_version AS \"model_version!\", bucket AS \"bucket!\",\n       post_count::int AS \"post_count!\", seriousness_sum::float8 AS \"seriousness_sum!\",\n       seriousness_mean::float8 AS \"seriousness_mean!\"\nFROM subreddit_seriousness_hourly\nORDER BY 1, 2, 3"};

/**
 * Query generated from SQL:
 * ```
 * SELECT subreddit AS "subreddit!", model_version AS "model_version!", bucket AS "bucket!",
 *        post_count::int AS "post_count!", seriousness_sum::float8 AS "seriousness_sum!",
 *        seriousness_mean::float8 AS "seriousness_mean!"
 * FROM subreddit_seriousness_hourly
 * ORDER BY 1, 2, 3
 * ```
 */
export const caggHourly = new PreparedQuery<ICaggHourlyParams,ICaggHourlyResult>(caggHourlyIR);


/** 'CaggDaily' parameters type */
export type ICaggDailyParams = void;

/** 'CaggDaily' return type */
export interface ICaggDailyResult {
  bucket: Date;
  model_version: string;
  post_count: number;
  seriousness_mean: number;
  seriousness_sum: number;
  subreddit: string;
}

/** 'CaggDaily' query type */
export interface ICaggDailyQuery {
  params: ICaggDailyParams;
  result: ICaggDailyResult;
}

const caggDailyIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT subreddit AS \"subreddit!\", model_version AS \"model_version!\", bucket AS \"bucket!\",\n       post_count::int AS \"post_count!\", seriousness_sum::float8 AS \"seriousness_sum!\",\n       seriousness_mean::float8 AS \"seriousness_mean!\"\nFROM subreddit_seriousness_daily\nORDER BY 1, 2, 3"};

/**
 * Query generated from SQL:
 * ```
 * SELECT subreddit AS "subreddit!", model_version AS "model_version!", bucket AS "bucket!",
 *        post_count::int AS "post_count!", seriousness_sum::float8 AS "seriousness_sum!",
 *        seriousness_mean::float8 AS "seriousness_mean!"
 * FROM subreddit_seriousness_daily
 * ORDER BY 1, 2, 3
 * ```
 */
export const caggDaily = new PreparedQuery<ICaggDailyParams,ICaggDailyResult>(caggDailyIR);


/** 'CaggAllTime' parameters type */
export type ICaggAllTimeParams = void;

/** 'CaggAllTime' return type */
export interface ICaggAllTimeResult {
  model_version: string;
  post_count: number;
  seriousness_mean: number;
  seriousness_sum: number;
  subreddit: string;
}

/** 'CaggAllTime' query type */
export interface ICaggAllTimeQuery {
  params: ICaggAllTimeParams;
  result: ICaggAllTimeResult;
}

const caggAllTimeIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT subreddit AS \"subreddit!\", model_version AS \"model_version!\",\n       post_count::int AS \"post_count!\", seriousness_sum::float8 AS \"seriousness_sum!\",\n       seriousness_mean::float8 AS \"seriousness_mean!\"\nFROM subreddit_seriousness_all_time\nORDER BY 1, 2"};

/**
 * Query generated from SQL:
 * ```
 * SELECT subreddit AS "subreddit!", model_version AS "model_version!",
 *        post_count::int AS "post_count!", seriousness_sum::float8 AS "seriousness_sum!",
 *        seriousness_mean::float8 AS "seriousness_mean!"
 * FROM subreddit_seriousness_all_time
 * ORDER BY 1, 2
 * ```
 */
export const caggAllTime = new PreparedQuery<ICaggAllTimeParams,ICaggAllTimeResult>(caggAllTimeIR);


/** 'HourlyWatermark' parameters type */
export type IHourlyWatermarkParams = void;

/** 'HourlyWatermark' return type */
export interface IHourlyWatermarkResult {
  watermark_ms: number;
}

/** 'HourlyWatermark' query type */
export interface IHourlyWatermarkQuery {
  params: IHourlyWatermarkParams;
  result: IHourlyWatermarkResult;
}

const hourlyWatermarkIR: any = {"usedParamSet":{},"params":[],"statement":"-- Where materialisation of the hourly aggregate stopped, in epoch milliseconds\n-- (year 4714 BC before the first refresh: everything is then aggregated in real time).\nSELECT (extract(epoch FROM _timescaledb_functions.to_timestamp(\n           _timescaledb_functions.cagg_watermark(mat_hypertable_id))) * 1000)::float8 AS \"watermark_ms!\"\nFROM _timescaledb_catalog.continuous_agg\nWHERE user_view_name = 'subreddit_seriousness_hourly'"};

/**
 * Query generated from SQL:
 * ```
 * -- Where materialisation of the hourly aggregate stopped, in epoch milliseconds
 * -- (year 4714 BC before the first refresh: everything is then aggregated in real time).
 * SELECT (extract(epoch FROM _timescaledb_functions.to_timestamp(
 *            _timescaledb_functions.cagg_watermark(mat_hypertable_id))) * 1000)::float8 AS "watermark_ms!"
 * FROM _timescaledb_catalog.continuous_agg
 * WHERE user_view_name = 'subreddit_seriousness_hourly'
 * ```
 */
export const hourlyWatermark = new PreparedQuery<IHourlyWatermarkParams,IHourlyWatermarkResult>(hourlyWatermarkIR);


/** 'CountPosts' parameters type */
export type ICountPostsParams = void;

/** 'CountPosts' return type */
export interface ICountPostsResult {
  count: number;
}

/** 'CountPosts' query type */
export interface ICountPostsQuery {
  params: ICountPostsParams;
  result: ICountPostsResult;
}

const countPostsIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT count(*)::int AS \"count!\" FROM posts"};

/**
 * Query generated from SQL:
 * ```
 * SELECT count(*)::int AS "count!" FROM posts
 * ```
 */
export const countPosts = new PreparedQuery<ICountPostsParams,ICountPostsResult>(countPostsIR);


/** 'CheckpointRedoLsn' parameters type */
export type ICheckpointRedoLsnParams = void;

/** 'CheckpointRedoLsn' return type */
export interface ICheckpointRedoLsnResult {
  redo_lsn: string;
}

/** 'CheckpointRedoLsn' query type */
export interface ICheckpointRedoLsnQuery {
  params: ICheckpointRedoLsnParams;
  result: ICheckpointRedoLsnResult;
}

const checkpointRedoLsnIR: any = {"usedParamSet":{},"params":[],"statement":"-- Where crash recovery would start replaying: moves forward with every checkpoint.\nSELECT redo_lsn::text AS \"redo_lsn!\" FROM pg_control_checkpoint()"};

/**
 * Query generated from SQL:
 * ```
 * -- Where crash recovery would start replaying: moves forward with every checkpoint.
 * SELECT redo_lsn::text AS "redo_lsn!" FROM pg_control_checkpoint()
 * ```
 */
export const checkpointRedoLsn = new PreparedQuery<ICheckpointRedoLsnParams,ICheckpointRedoLsnResult>(checkpointRedoLsnIR);


/** 'PostChunkStatistics' parameters type */
export type IPostChunkStatisticsParams = void;

/** 'PostChunkStatistics' return type */
export interface IPostChunkStatisticsResult {
  chunk: string;
  reltuples: number;
}

/** 'PostChunkStatistics' query type */
export interface IPostChunkStatisticsQuery {
  params: IPostChunkStatisticsParams;
  result: IPostChunkStatisticsResult;
}

const postChunkStatisticsIR: any = {"usedParamSet":{},"params":[],"statement":"-- The posts chunks' row estimates as their last ANALYZE (or VACUUM) left them: -1 = never.\nSELECT c.oid::regclass::text AS \"chunk!\", c.reltuples::float8 AS \"reltuples!\"\nFROM timescaledb_information.chunks ch\nJOIN pg_class c ON c.oid = format('%I.%I', ch.chunk_schema, ch.chunk_name)::regclass\nWHERE ch.hypertable_name = 'posts'\nORDER BY 1"};

/**
 * Query generated from SQL:
 * ```
 * -- The posts chunks' row estimates as their last ANALYZE (or VACUUM) left them: -1 = never.
 * SELECT c.oid::regclass::text AS "chunk!", c.reltuples::float8 AS "reltuples!"
 * FROM timescaledb_information.chunks ch
 * JOIN pg_class c ON c.oid = format('%I.%I', ch.chunk_schema, ch.chunk_name)::regclass
 * WHERE ch.hypertable_name = 'posts'
 * ORDER BY 1
 * ```
 */
export const postChunkStatistics = new PreparedQuery<IPostChunkStatisticsParams,IPostChunkStatisticsResult>(postChunkStatisticsIR);


/** 'RetireActiveModel' parameters type */
export type IRetireActiveModelParams = void;

/** 'RetireActiveModel' return type */
export type IRetireActiveModelResult = void;

/** 'RetireActiveModel' query type */
export interface IRetireActiveModelQuery {
  params: IRetireActiveModelParams;
  result: IRetireActiveModelResult;
}

const retireActiveModelIR: any = {"usedParamSet":{},"params":[],"statement":"-- Test set-up: no model is active (before another one is made active by upsertModelStatus).\nUPDATE models SET status = 'retired' WHERE status = 'active'"};

/**
 * Query generated from SQL:
 * ```
 * -- Test set-up: no model is active (before another one is made active by upsertModelStatus).
 * UPDATE models SET status = 'retired' WHERE status = 'active'
 * ```
 */
export const retireActiveModel = new PreparedQuery<IRetireActiveModelParams,IRetireActiveModelResult>(retireActiveModelIR);


/** 'UpsertModelStatus' parameters type */
export interface IUpsertModelStatusParams {
  status: string;
  version: string;
}

/** 'UpsertModelStatus' return type */
export type IUpsertModelStatusResult = void;

/** 'UpsertModelStatus' query type */
export interface IUpsertModelStatusQuery {
  params: IUpsertModelStatusParams;
  result: IUpsertModelStatusResult;
}

const upsertModelStatusIR: any = {"usedParamSet":{"version":true,"status":true},"params":[{"name":"version","required":true,"transform":{"type":"scalar"},"locs":[{"a":117,"b":125}]},{"name":"status","required":true,"transform":{"type":"scalar"},"locs":[{"a":128,"b":135}]}],"statement":"-- Test set-up: a model version (without ONNX bytes) in a given status.\nINSERT INTO models (version, status) VALUES (:version!, :status!)\nON CONFLICT (version) DO UPDATE SET status = EXCLUDED.status"};

/**
 * Query generated from SQL:
 * ```
 * -- Test set-up: a model version (without ONNX bytes) in a given status.
 * INSERT INTO models (version, status) VALUES (:version!, :status!)
 * ON CONFLICT (version) DO UPDATE SET status = EXCLUDED.status
 * ```
 */
export const upsertModelStatus = new PreparedQuery<IUpsertModelStatusParams,IUpsertModelStatusResult>(upsertModelStatusIR);


/** 'ConfigureCompression' parameters type */
export interface IConfigureCompressionParams {
  maxRuntime: string;
  quiet: string;
}

/** 'ConfigureCompression' return type */
export interface IConfigureCompressionResult {
  done: boolean;
}

/** 'ConfigureCompression' query type */
export interface IConfigureCompressionQuery {
  params: IConfigureCompressionParams;
  result: IConfigureCompressionResult;
}

const configureCompressionIR: any = {"usedParamSet":{"quiet":true,"maxRuntime":true},"params":[{"name":"quiet","required":true,"transform":{"type":"scalar"},"locs":[{"a":218,"b":224}]},{"name":"maxRuntime","required":true,"transform":{"type":"scalar"},"locs":[{"a":313,"b":324}]}],"statement":"-- How long history must have had no new post before compress_settled_chunks takes it, and how\n-- long one run may take (migrations 0011, 0013).\nSELECT alter_job(job_id, config => config || jsonb_build_object('quiet', :quiet!::text,\n                                                                 'max_runtime', :maxRuntime!::text)) IS NOT NULL AS \"done!\"\nFROM timescaledb_information.jobs\nWHERE proc_name = 'compress_settled_chunks'"};

/**
 * Query generated from SQL:
 * ```
 * -- How long history must have had no new post before compress_settled_chunks takes it, and how
 * -- long one run may take (migrations 0011, 0013).
 * SELECT alter_job(job_id, config => config || jsonb_build_object('quiet', :quiet!::text,
 *                                                                  'max_runtime', :maxRuntime!::text)) IS NOT NULL AS "done!"
 * FROM timescaledb_information.jobs
 * WHERE proc_name = 'compress_settled_chunks'
 * ```
 */
export const configureCompression = new PreparedQuery<IConfigureCompressionParams,IConfigureCompressionResult>(configureCompressionIR);


/** 'CompressedChunksIn' parameters type */
export interface ICompressedChunksInParams {
  from: DateOrString;
  hypertable: string;
  to: DateOrString;
}

/** 'CompressedChunksIn' return type */
export interface ICompressedChunksInResult {
  count: number;
}

/** 'CompressedChunksIn' query type */
export interface ICompressedChunksInQuery {
  params: ICompressedChunksInParams;
  result: ICompressedChunksInResult;
}

const compressedChunksInIR: any = {"usedParamSet":{"hypertable":true,"from":true,"to":true},"params":[{"name":"hypertable","required":true,"transform":{"type":"scalar"},"locs":[{"a":93,"b":104}]},{"name":"from","required":true,"transform":{"type":"scalar"},"locs":[{"a":142,"b":147}]},{"name":"to","required":true,"transform":{"type":"scalar"},"locs":[{"a":181,"b":184}]}],"statement":"SELECT count(*)::int AS \"count!\"\nFROM timescaledb_information.chunks\nWHERE hypertable_name = :hypertable! AND is_compressed\n  AND range_end > :from!::timestamptz AND range_start <= :to!::timestamptz"};

/**
 * Query generated from SQL:
 * ```
 * SELECT count(*)::int AS "count!"
 * FROM timescaledb_information.chunks
 * WHERE hypertable_name = :hypertable! AND is_compressed
 *   AND range_end > :from!::timestamptz AND range_start <= :to!::timestamptz
 * ```
 */
export const compressedChunksIn = new PreparedQuery<ICompressedChunksInParams,ICompressedChunksInResult>(compressedChunksInIR);


/** 'ActiveModelAccounting' parameters type */
export type IActiveModelAccountingParams = void;

/** 'ActiveModelAccounting' return type */
export interface IActiveModelAccountingResult {
  counted: number;
  posts: number;
  score_rows: number;
  scored: number;
}

/** 'ActiveModelAccounting' query type */
export interface IActiveModelAccountingQuery {
  params: IActiveModelAccountingParams;
  result: IActiveModelAccountingResult;
}

const activeModelAccountingIR: any = {"usedParamSet":{},"params":[],"statement":"-- Posts; those with a score by the active model; that model's score rows; and how many posts the\n-- all-time aggregate counts for it (equal when every post is scored and the aggregates are fresh).\nSELECT\n    (SELECT count(*)::int FROM posts) AS \"posts!\",\n    (SELECT count(*)::int FROM posts p\n     WHERE EXISTS (SELECT 1 FROM post_scores s JOIN models m ON m.version = s.model_version\n                   WHERE m.status = 'active' AND s.post_id = p.id AND s.created_at = p.created_at)) AS \"scored!\",\n    (SELECT count(*)::int FROM post_scores s JOIN models m ON m.version = s.model_version\n     WHERE m.status = 'active') AS \"score_rows!\",\n    (SELECT coalesce(sum(a.post_count), 0)::int FROM subreddit_seriousness_all_time a\n     JOIN models m ON m.version = a.model_version WHERE m.status = 'active') AS \"counted!\""};

/**
 * Query generated from SQL:
 * ```
 * -- Posts; those with a score by the active model; that model's score rows; and how many posts the
 * -- all-time aggregate counts for it (equal when every post is scored and the aggregates are fresh).
 * SELECT
 *     (SELECT count(*)::int FROM posts) AS "posts!",
 *     (SELECT count(*)::int FROM posts p
 *      WHERE EXISTS (SELECT 1 FROM post_scores s JOIN models m ON m.version = s.model_version
 *                    WHERE m.status = 'active' AND s.post_id = p.id AND s.created_at = p.created_at)) AS "scored!",
 *     (SELECT count(*)::int FROM post_scores s JOIN models m ON m.version = s.model_version
 *      WHERE m.status = 'active') AS "score_rows!",
 *     (SELECT coalesce(sum(a.post_count), 0)::int FROM subreddit_seriousness_all_time a
 *      JOIN models m ON m.version = a.model_version WHERE m.status = 'active') AS "counted!"
 * ```
 */
export const activeModelAccounting = new PreparedQuery<IActiveModelAccountingParams,IActiveModelAccountingResult>(activeModelAccountingIR);


/** 'BackfillFileStates' parameters type */
export type IBackfillFileStatesParams = void;

/** 'BackfillFileStates' return type */
export interface IBackfillFileStatesResult {
  finished: boolean;
  lines_done: number;
  path: string;
  posts_done: number;
  refreshed: boolean;
}

/** 'BackfillFileStates' query type */
export interface IBackfillFileStatesQuery {
  params: IBackfillFileStatesParams;
  result: IBackfillFileStatesResult;
}

const backfillFileStatesIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT path AS \"path!\", lines_done::int AS \"lines_done!\", posts_done::int AS \"posts_done!\",\n       finished_at IS NOT NULL AS \"finished!\", refreshed_at IS NOT NULL AS \"refreshed!\"\nFROM backfill_files\nORDER BY path"};

/**
 * Query generated from SQL:
 * ```
 * SELECT path AS "path!", lines_done::int AS "lines_done!", posts_done::int AS "posts_done!",
 *        finished_at IS NOT NULL AS "finished!", refreshed_at IS NOT NULL AS "refreshed!"
 * FROM backfill_files
 * ORDER BY path
 * ```
 */
export const backfillFileStates = new PreparedQuery<IBackfillFileStatesParams,IBackfillFileStatesResult>(backfillFileStatesIR);


/** 'RefreshPolicyConfigs' parameters type */
export type IRefreshPolicyConfigsParams = void;

/** 'RefreshPolicyConfigs' return type */
export interface IRefreshPolicyConfigsResult {
  config: Json;
  schedule: string;
  view: string;
}

/** 'RefreshPolicyConfigs' query type */
export interface IRefreshPolicyConfigsQuery {
  params: IRefreshPolicyConfigsParams;
  result: IRefreshPolicyConfigsResult;
}

const refreshPolicyConfigsIR: any = {"usedParamSet":{},"params":[],"statement":"-- Each continuous aggregate's refresh policy, as TimescaleDB's scheduler (or the embedded\n-- maintenance loop) runs it.\nSELECT ca.user_view_name AS \"view!\", j.schedule_interval::text AS \"schedule!\", j.config AS \"config!\"\nFROM timescaledb_information.jobs j\nJOIN _timescaledb_catalog.continuous_agg ca ON ca.mat_hypertable_id = (j.config ->> 'mat_hypertable_id')::int\nWHERE j.proc_name = 'policy_refresh_continuous_aggregate'\nORDER BY ca.user_view_name"};

/**
 * Query generated from SQL:
 * ```
 * -- Each continuous aggregate's refresh policy, as TimescaleDB's scheduler (or the embedded
 * -- maintenance loop) runs it.
 * SELECT ca.user_view_name AS "view!", j.schedule_interval::text AS "schedule!", j.config AS "config!"
 * FROM timescaledb_information.jobs j
 * JOIN _timescaledb_catalog.continuous_agg ca ON ca.mat_hypertable_id = (j.config ->> 'mat_hypertable_id')::int
 * WHERE j.proc_name = 'policy_refresh_continuous_aggregate'
 * ORDER BY ca.user_view_name
 * ```
 */
export const refreshPolicyConfigs = new PreparedQuery<IRefreshPolicyConfigsParams,IRefreshPolicyConfigsResult>(refreshPolicyConfigsIR);


/** 'SetRefreshSchedule' parameters type */
export interface ISetRefreshScheduleParams {
  interval: DateOrString;
}

/** 'SetRefreshSchedule' return type */
export interface ISetRefreshScheduleResult {
  altered: number;
}

/** 'SetRefreshSchedule' query type */
export interface ISetRefreshScheduleQuery {
  params: ISetRefreshScheduleParams;
  result: ISetRefreshScheduleResult;
}

const setRefreshScheduleIR: any = {"usedParamSet":{"interval":true},"params":[{"name":"interval","required":true,"transform":{"type":"scalar"},"locs":[{"a":183,"b":192}]}],"statement":"-- Test set-up: how often the refresh policies come due.\nSELECT count(*)::int AS \"altered!\"\nFROM timescaledb_information.jobs j,\n     LATERAL alter_job(j.job_id, schedule_interval => :interval!::interval) altered\nWHERE j.proc_name = 'policy_refresh_continuous_aggregate'"};

/**
 * Query generated from SQL:
 * ```
 * -- Test set-up: how often the refresh policies come due.
 * SELECT count(*)::int AS "altered!"
 * FROM timescaledb_information.jobs j,
 *      LATERAL alter_job(j.job_id, schedule_interval => :interval!::interval) altered
 * WHERE j.proc_name = 'policy_refresh_continuous_aggregate'
 * ```
 */
export const setRefreshSchedule = new PreparedQuery<ISetRefreshScheduleParams,ISetRefreshScheduleResult>(setRefreshScheduleIR);


/** 'SetSchemaJobsScheduled' parameters type */
export interface ISetSchemaJobsScheduledParams {
  scheduled: boolean;
}

/** 'SetSchemaJobsScheduled' return type */
export interface ISetSchemaJobsScheduledResult {
  job_id: number;
  scheduled: boolean;
}

/** 'SetSchemaJobsScheduled' query type */
export interface ISetSchemaJobsScheduledQuery {
  params: ISetSchemaJobsScheduledParams;
  result: ISetSchemaJobsScheduledResult;
}

const setSchemaJobsScheduledIR: any = {"usedParamSet":{"scheduled":true},"params":[{"name":"scheduled","required":true,"transform":{"type":"scalar"},"locs":[{"a":432,"b":442}]}],"statement":"-- Test set-up (the server suites): this schema's TimescaleDB jobs (the aggregates' refresh\n-- policies, the compression of settled history) taken off the background scheduler, or put back,\n-- so that a test's reads never overlap a job it did not run itself. `CALL run_job` still runs them.\nSELECT j.job_id AS \"job_id!\", a.scheduled AS \"scheduled!\"\nFROM timescaledb_information.jobs j,\n     LATERAL alter_job(j.job_id, scheduled => :scheduled!::boolean) a\nWHERE (j.proc_name IN ('policy_refresh_continuous_aggregate', 'policy_compression')\n       AND j.hypertable_schema = 'public')\n   OR (j.proc_schema = 'public' AND j.proc_name = 'compress_settled_chunks')\nORDER BY j.job_id"};

/**
 * Query generated from SQL:
 * ```
 * -- Test set-up (the server suites): this schema's TimescaleDB jobs (the aggregates' refresh
 * -- policies, the compression of settled history) taken off the background scheduler, or put back,
 * -- so that a test's reads never overlap a job it did not run itself. `CALL run_job` still runs them.
 * SELECT j.job_id AS "job_id!", a.scheduled AS "scheduled!"
 * FROM timescaledb_information.jobs j,
 *      LATERAL alter_job(j.job_id, scheduled => :scheduled!::boolean) a
 * WHERE (j.proc_name IN ('policy_refresh_continuous_aggregate', 'policy_compression')
 *        AND j.hypertable_schema = 'public')
 *    OR (j.proc_schema = 'public' AND j.proc_name = 'compress_settled_chunks')
 * ORDER BY j.job_id
 * ```
 */
export const setSchemaJobsScheduled = new PreparedQuery<ISetSchemaJobsScheduledParams,ISetSchemaJobsScheduledResult>(setSchemaJobsScheduledIR);


/** 'RunningJobs' parameters type */
export interface IRunningJobsParams {
  jobIds: numberArray;
}

/** 'RunningJobs' return type */
export interface IRunningJobsResult {
  running: number;
}

/** 'RunningJobs' query type */
export interface IRunningJobsQuery {
  params: IRunningJobsParams;
  result: IRunningJobsResult;
}

const runningJobsIR: any = {"usedParamSet":{"jobIds":true},"params":[{"name":"jobIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":189,"b":196}]}],"statement":"-- How many of these jobs a background worker is running now.\nSELECT count(*)::int AS \"running!\"\nFROM timescaledb_information.job_stats s\nWHERE s.job_status = 'Running' AND s.job_id = ANY (:jobIds!::int[])"};

/**
 * Query generated from SQL:
 * ```
 * -- How many of these jobs a background worker is running now.
 * SELECT count(*)::int AS "running!"
 * FROM timescaledb_information.job_stats s
 * WHERE s.job_status = 'Running' AND s.job_id = ANY (:jobIds!::int[])
 * ```
 */
export const runningJobs = new PreparedQuery<IRunningJobsParams,IRunningJobsResult>(runningJobsIR);


/** 'HourlyPostTotal' parameters type */
export type IHourlyPostTotalParams = void;

/** 'HourlyPostTotal' return type */
export interface IHourlyPostTotalResult {
  total: number;
}

/** 'HourlyPostTotal' query type */
export interface IHourlyPostTotalQuery {
  params: IHourlyPostTotalParams;
  result: IHourlyPostTotalResult;
}

const hourlyPostTotalIR: any = {"usedParamSet":{},"params":[],"statement":"-- What a reader of the hourly aggregate sees in all: the sum of its post counts.\nSELECT coalesce(sum(post_count), 0)::int AS \"total!\" FROM subreddit_seriousness_hourly"};

/**
 * Query generated from SQL:
 * ```
 * -- What a reader of the hourly aggregate sees in all: the sum of its post counts.
 * SELECT coalesce(sum(post_count), 0)::int AS "total!" FROM subreddit_seriousness_hourly
 * ```
 */
export const hourlyPostTotal = new PreparedQuery<IHourlyPostTotalParams,IHourlyPostTotalResult>(hourlyPostTotalIR);


/** 'AllTimePostTotal' parameters type */
export type IAllTimePostTotalParams = void;

/** 'AllTimePostTotal' return type */
export interface IAllTimePostTotalResult {
  total: number;
}

/** 'AllTimePostTotal' query type */
export interface IAllTimePostTotalQuery {
  params: IAllTimePostTotalParams;
  result: IAllTimePostTotalResult;
}

const allTimePostTotalIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT coalesce(sum(post_count), 0)::int AS \"total!\" FROM subreddit_seriousness_all_time"};

/**
 * Query generated from SQL:
 * ```
 * SELECT coalesce(sum(post_count), 0)::int AS "total!" FROM subreddit_seriousness_all_time
 * ```
 */
export const allTimePostTotal = new PreparedQuery<IAllTimePostTotalParams,IAllTimePostTotalResult>(allTimePostTotalIR);



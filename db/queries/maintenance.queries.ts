/** Types generated for queries found in "db/queries/maintenance.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

/** 'PolicyJobs' parameters type */
export type IPolicyJobsParams = void;

/** 'PolicyJobs' return type */
export interface IPolicyJobsResult {
  job_id: number;
  proc_name: string;
  schedule_interval_ms: number;
  target: string;
}

/** 'PolicyJobs' query type */
export interface IPolicyJobsQuery {
  params: IPolicyJobsParams;
  result: IPolicyJobsResult;
}

const policyJobsIR: any = {"usedParamSet":{},"params":[],"statement":"-- The TimescaleDB jobs this schema registered (the aggregates' refresh policies, and the\n-- compression of settled history, migration 0011), in creation order: a hierarchical aggregate is\n-- always created after its parent, so this order refreshes parents first.\nSELECT\n    job_id                                            AS \"job_id!\",\n    proc_name                                         AS \"proc_name!\",\n    coalesce(hypertable_name, '')                     AS \"target!\",\n    (extract(epoch FROM schedule_interval) * 1000)::float8 AS \"schedule_interval_ms!\"\nFROM timescaledb_information.jobs\nWHERE (proc_name IN ('policy_refresh_continuous_aggregate', 'policy_compression')\n       AND hypertable_schema = 'public')\n   OR (proc_schema = 'public' AND proc_name = 'compress_settled_chunks')\nORDER BY job_id"};

/**
 * Query generated from SQL:
 * ```
 * -- The TimescaleDB jobs this schema registered (the aggregates' refresh policies, and the
 * -- compression of settled history, migration 0011), in creation order: a hierarchical aggregate is
 * -- always created after its parent, so this order refreshes parents first.
 * SELECT
 *     job_id                                            AS "job_id!",
 *     proc_name                                         AS "proc_name!",
 *     coalesce(hypertable_name, '')                     AS "target!",
 *     (extract(epoch FROM schedule_interval) * 1000)::float8 AS "schedule_interval_ms!"
 * FROM timescaledb_information.jobs
 * WHERE (proc_name IN ('policy_refresh_continuous_aggregate', 'policy_compression')
 *        AND hypertable_schema = 'public')
 *    OR (proc_schema = 'public' AND proc_name = 'compress_settled_chunks')
 * ORDER BY job_id
 * ```
 */
export const policyJobs = new PreparedQuery<IPolicyJobsParams,IPolicyJobsResult>(policyJobsIR);


/** 'RunJob' parameters type */
export interface IRunJobParams {
  jobId: number;
}

/** 'RunJob' return type */
export type IRunJobResult = void;

/** 'RunJob' query type */
export interface IRunJobQuery {
  params: IRunJobParams;
  result: IRunJobResult;
}

const runJobIR: any = {"usedParamSet":{"jobId":true},"params":[{"name":"jobId","required":true,"transform":{"type":"scalar"},"locs":[{"a":13,"b":19}]}],"statement":"CALL run_job(:jobId!::integer)"};

/**
 * Query generated from SQL:
 * ```
 * CALL run_job(:jobId!::integer)
 * ```
 */
export const runJob = new PreparedQuery<IRunJobParams,IRunJobResult>(runJobIR);


/** 'RefreshHourlySeriousness' parameters type */
export interface IRefreshHourlySeriousnessParams {
  from: DateOrString;
  to: DateOrString;
}

/** 'RefreshHourlySeriousness' return type */
export type IRefreshHourlySeriousnessResult = void;

/** 'RefreshHourlySeriousness' query type */
export interface IRefreshHourlySeriousnessQuery {
  params: IRefreshHourlySeriousnessParams;
  result: IRefreshHourlySeriousnessResult;
}

const refreshHourlySeriousnessIR: any = {"usedParamSet":{"from":true,"to":true},"params":[{"name":"from","required":true,"transform":{"type":"scalar"},"locs":[{"a":157,"b":162}]},{"name":"to","required":true,"transform":{"type":"scalar"},"locs":[{"a":178,"b":181}]}],"statement":"-- Settles rows written behind the hourly watermark (backfills, re-scores) for [from, to).\nCALL refresh_continuous_aggregate('subreddit_seriousness_hourly', :from!::timestamptz, :to!::timestamptz)"};

/**
 * Query generated from SQL:
 * ```
 * -- Settles rows written behind the hourly watermark (backfills, re-scores) for [from, to).
 * CALL refresh_continuous_aggregate('subreddit_seriousness_hourly', :from!::timestamptz, :to!::timestamptz)
 * ```
 */
export const refreshHourlySeriousness = new PreparedQuery<IRefreshHourlySeriousnessParams,IRefreshHourlySeriousnessResult>(refreshHourlySeriousnessIR);


/** 'RefreshDailySeriousness' parameters type */
export interface IRefreshDailySeriousnessParams {
  from: DateOrString;
  to: DateOrString;
}

/** 'RefreshDailySeriousness' return type */
export type IRefreshDailySeriousnessResult = void;

/** 'RefreshDailySeriousness' query type */
export interface IRefreshDailySeriousnessQuery {
  params: IRefreshDailySeriousnessParams;
  result: IRefreshDailySeriousnessResult;
}

const refreshDailySeriousnessIR: any = {"usedParamSet":{"from":true,"to":true},"params":[{"name":"from","required":true,"transform":{"type":"scalar"},"locs":[{"a":65,"b":70}]},{"name":"to","required":true,"transform":{"type":"scalar"},"locs":[{"a":86,"b":89}]}],"statement":"CALL refresh_continuous_aggregate('subreddit_seriousness_daily', :from!::timestamptz, :to!::timestamptz)"};

/**
 * Query generated from SQL:
 * ```
 * CALL refresh_continuous_aggregate('subreddit_seriousness_daily', :from!::timestamptz, :to!::timestamptz)
 * ```
 */
export const refreshDailySeriousness = new PreparedQuery<IRefreshDailySeriousnessParams,IRefreshDailySeriousnessResult>(refreshDailySeriousnessIR);


/** 'Vacuum' parameters type */
export type IVacuumParams = void;

/** 'Vacuum' return type */
export type IVacuumResult = void;

/** 'Vacuum' query type */
export interface IVacuumQuery {
  params: IVacuumParams;
  result: IVacuumResult;
}

const vacuumIR: any = {"usedParamSet":{},"params":[],"statement":"-- Autovacuum never runs in the embedded engine. Without it the pg-boss job tables (every job is\n-- inserted, updated twice and deleted) bloat without bound. Database-wide so that pg-boss's\n-- per-queue tables are included; pages already all-visible are skipped, so repeat runs over\n-- append-mostly hypertables are cheap. Statistics are relationsToAnalyze's, table by table.\nVACUUM"};

/**
 * Query generated from SQL:
 * ```
 * -- Autovacuum never runs in the embedded engine. Without it the pg-boss job tables (every job is
 * -- inserted, updated twice and deleted) bloat without bound. Database-wide so that pg-boss's
 * -- per-queue tables are included; pages already all-visible are skipped, so repeat runs over
 * -- append-mostly hypertables are cheap. Statistics are relationsToAnalyze's, table by table.
 * VACUUM
 * ```
 */
export const vacuum = new PreparedQuery<IVacuumParams,IVacuumResult>(vacuumIR);


/** 'RelationsToAnalyze' parameters type */
export type IRelationsToAnalyzeParams = void;

/** 'RelationsToAnalyze' return type */
export interface IRelationsToAnalyzeResult {
  relation: string;
}

/** 'RelationsToAnalyze' query type */
export interface IRelationsToAnalyzeQuery {
  params: IRelationsToAnalyzeParams;
  result: IRelationsToAnalyzeResult;
}

const relationsToAnalyzeIR: any = {"usedParamSet":{},"params":[],"statement":"-- The tables and chunks whose planner statistics are out of date, the embedded engine's stand-in\n-- for autovacuum's rule (ANALYZE once a tenth of a table changed): it has no statistics collector\n-- to count changed rows, so the measure is the table's size on disk against the page count its\n-- last ANALYZE (or VACUUM) recorded — inserts and new row versions grow it. A tenth plus 8 pages,\n-- as autovacuum's analyze_scale_factor 0.1 (its threshold of 50 rows ≈ 8 pages of posts): the\n-- chunk taking live posts is read again every tenth of its size, not at every pass (one ANALYZE\n-- of a 200 k-row chunk holds the engine ~0.6 s). Hypertables' parents hold no rows of their own.\nSELECT c.oid::regclass::text AS \"relation!\"\nFROM pg_class c\nJOIN pg_namespace n ON n.oid = c.relnamespace\nWHERE c.relkind IN ('r', 'm')\n  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', '_timescaledb_catalog',\n                        '_timescaledb_config', '_timescaledb_cache')\n  AND abs(pg_relation_size(c.oid) / current_setting('block_size')::bigint - c.relpages)\n      > 8 + c.relpages / 10\nORDER BY n.nspname, c.relname"};

/**
 * Query generated from SQL:
 * ```
 * -- The tables and chunks whose planner statistics are out of date, the embedded engine's stand-in
 * -- for autovacuum's rule (ANALYZE once a tenth of a table changed): it has no statistics collector
 * -- to count changed rows, so the measure is the table's size on disk against the page count its
 * -- last ANALYZE (or VACUUM) recorded — inserts and new row versions grow it. A tenth plus 8 pages,
 * -- as autovacuum's analyze_scale_factor 0.1 (its threshold of 50 rows ≈ 8 pages of posts): the
 * -- chunk taking live posts is read again every tenth of its size, not at every pass (one ANALYZE
 * -- of a 200 k-row chunk holds the engine ~0.6 s). Hypertables' parents hold no rows of their own.
 * SELECT c.oid::regclass::text AS "relation!"
 * FROM pg_class c
 * JOIN pg_namespace n ON n.oid = c.relnamespace
 * WHERE c.relkind IN ('r', 'm')
 *   AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', '_timescaledb_catalog',
 *                         '_timescaledb_config', '_timescaledb_cache')
 *   AND abs(pg_relation_size(c.oid) / current_setting('block_size')::bigint - c.relpages)
 *       > 8 + c.relpages / 10
 * ORDER BY n.nspname, c.relname
 * ```
 */
export const relationsToAnalyze = new PreparedQuery<IRelationsToAnalyzeParams,IRelationsToAnalyzeResult>(relationsToAnalyzeIR);


/** 'AnalyzeRelation' parameters type */
export interface IAnalyzeRelationParams {
  relation: string;
}

/** 'AnalyzeRelation' return type */
export interface IAnalyzeRelationResult {
  done: boolean | null;
}

/** 'AnalyzeRelation' query type */
export interface IAnalyzeRelationQuery {
  params: IAnalyzeRelationParams;
  result: IAnalyzeRelationResult;
}

const analyzeRelationIR: any = {"usedParamSet":{"relation":true},"params":[{"name":"relation","required":true,"transform":{"type":"scalar"},"locs":[{"a":209,"b":218}]}],"statement":"-- Planner statistics of one table (migration 0010): one short statement per table, so that the\n-- engine's readers wait for one table's sample at most, not the database's.\nSELECT analyze_relation(to_regclass(:relation!::text)) IS NULL AS \"done\""};

/**
 * Query generated from SQL:
 * ```
 * -- Planner statistics of one table (migration 0010): one short statement per table, so that the
 * -- engine's readers wait for one table's sample at most, not the database's.
 * SELECT analyze_relation(to_regclass(:relation!::text)) IS NULL AS "done"
 * ```
 */
export const analyzeRelation = new PreparedQuery<IAnalyzeRelationParams,IAnalyzeRelationResult>(analyzeRelationIR);


/** 'Checkpoint' parameters type */
export type ICheckpointParams = void;

/** 'Checkpoint' return type */
export type ICheckpointResult = void;

/** 'Checkpoint' query type */
export interface ICheckpointQuery {
  params: ICheckpointParams;
  result: ICheckpointResult;
}

const checkpointIR: any = {"usedParamSet":{},"params":[],"statement":"-- The embedded engine is Postgres in single-user mode: no checkpointer process, so nothing ever\n-- checkpoints on WAL volume or on checkpoint_timeout, and pg_wal grows with everything written\n-- since start (8.5 GB seen during a 5 M-post fill; the shutdown checkpoint cut it to 1 GB). A\n-- periodic CHECKPOINT lets old segments be recycled and bounds what crash recovery replays.\nCHECKPOINT"};

/**
 * Query generated from SQL:
 * ```
 * -- The embedded engine is Postgres in single-user mode: no checkpointer process, so nothing ever
 * -- checkpoints on WAL volume or on checkpoint_timeout, and pg_wal grows with everything written
 * -- since start (8.5 GB seen during a 5 M-post fill; the shutdown checkpoint cut it to 1 GB). A
 * -- periodic CHECKPOINT lets old segments be recycled and bounds what crash recovery replays.
 * CHECKPOINT
 * ```
 */
export const checkpoint = new PreparedQuery<ICheckpointParams,ICheckpointResult>(checkpointIR);


/** 'PendingAggregateInvalidations' parameters type */
export type IPendingAggregateInvalidationsParams = void;

/** 'PendingAggregateInvalidations' return type */
export interface IPendingAggregateInvalidationsResult {
  pending: boolean;
}

/** 'PendingAggregateInvalidations' query type */
export interface IPendingAggregateInvalidationsQuery {
  params: IPendingAggregateInvalidationsParams;
  result: IPendingAggregateInvalidationsResult;
}

const pendingAggregateInvalidationsIR: any = {"usedParamSet":{},"params":[],"statement":"-- Whether rows were written behind a continuous aggregate's watermark since its last refresh, so\n-- that a refresh will change what readers see (a refresh that only moves the watermark over rows\n-- the real-time part already showed changes no answer). TimescaleDB logs such writes per source\n-- hypertable and, once a refresh of a parent moved them, per aggregate; ranges open at either end\n-- are the never-materialized edges every aggregate keeps, not writes.\nSELECT (\n    EXISTS (SELECT 1 FROM _timescaledb_catalog.continuous_aggs_hypertable_invalidation_log)\n    OR EXISTS (\n        SELECT 1 FROM _timescaledb_catalog.continuous_aggs_materialization_invalidation_log\n        WHERE lowest_modified_value > (-9223372036854775807 - 1)\n          AND greatest_modified_value < 9223372036854775807)\n) AS \"pending!\""};

/**
 * Query generated from SQL:
 * ```
 * -- Whether rows were written behind a continuous aggregate's watermark since its last refresh, so
 * -- that a refresh will change what readers see (a refresh that only moves the watermark over rows
 * -- the real-time part already showed changes no answer). TimescaleDB logs such writes per source
 * -- hypertable and, once a refresh of a parent moved them, per aggregate; ranges open at either end
 * -- are the never-materialized edges every aggregate keeps, not writes.
 * SELECT (
 *     EXISTS (SELECT 1 FROM _timescaledb_catalog.continuous_aggs_hypertable_invalidation_log)
 *     OR EXISTS (
 *         SELECT 1 FROM _timescaledb_catalog.continuous_aggs_materialization_invalidation_log
 *         WHERE lowest_modified_value > (-9223372036854775807 - 1)
 *           AND greatest_modified_value < 9223372036854775807)
 * ) AS "pending!"
 * ```
 */
export const pendingAggregateInvalidations = new PreparedQuery<IPendingAggregateInvalidationsParams,IPendingAggregateInvalidationsResult>(pendingAggregateInvalidationsIR);


/** 'ScoreChunkRanges' parameters type */
export interface IScoreChunkRangesParams {
  from: DateOrString;
  to: DateOrString;
}

/** 'ScoreChunkRanges' return type */
export interface IScoreChunkRangesResult {
  bytes: number;
  range_end: Date;
  range_start: Date;
}

/** 'ScoreChunkRanges' query type */
export interface IScoreChunkRangesQuery {
  params: IScoreChunkRangesParams;
  result: IScoreChunkRangesResult;
}

const scoreChunkRangesIR: any = {"usedParamSet":{"from":true,"to":true},"params":[{"name":"from","required":true,"transform":{"type":"scalar"},"locs":[{"a":586,"b":591}]},{"name":"to","required":true,"transform":{"type":"scalar"},"locs":[{"a":627,"b":630}]}],"statement":"-- The chunks of post_scores inside a window, with their size on disk: a refresh of the aggregates\n-- over a long window goes a few chunks at a time (refreshSeriousness), so that no single statement\n-- holds the engine for long, and skips the weeks that hold no scores at all.\nSELECT c.range_start AS \"range_start!\", c.range_end AS \"range_end!\",\n       pg_total_relation_size(format('%I.%I', c.chunk_schema, c.chunk_name)::regclass)::float8 AS \"bytes!\"\nFROM timescaledb_information.chunks c\nWHERE c.hypertable_schema = 'public' AND c.hypertable_name = 'post_scores'\n  AND c.range_end > :from!::timestamptz AND c.range_start <= :to!::timestamptz\nORDER BY c.range_start"};

/**
 * Query generated from SQL:
 * ```
 * -- The chunks of post_scores inside a window, with their size on disk: a refresh of the aggregates
 * -- over a long window goes a few chunks at a time (refreshSeriousness), so that no single statement
 * -- holds the engine for long, and skips the weeks that hold no scores at all.
 * SELECT c.range_start AS "range_start!", c.range_end AS "range_end!",
 *        pg_total_relation_size(format('%I.%I', c.chunk_schema, c.chunk_name)::regclass)::float8 AS "bytes!"
 * FROM timescaledb_information.chunks c
 * WHERE c.hypertable_schema = 'public' AND c.hypertable_name = 'post_scores'
 *   AND c.range_end > :from!::timestamptz AND c.range_start <= :to!::timestamptz
 * ORDER BY c.range_start
 * ```
 */
export const scoreChunkRanges = new PreparedQuery<IScoreChunkRangesParams,IScoreChunkRangesResult>(scoreChunkRangesIR);



/** Types generated for queries found in "db/queries/seriousness.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

/** 'HourlySeriousness' parameters type */
export interface IHourlySeriousnessParams {
  from: DateOrString;
  modelVersion: string;
  subreddit: string;
  to: DateOrString;
}

/** 'HourlySeriousness' return type */
export interface IHourlySeriousnessResult {
  bucket: Date;
  post_count: number;
  seriousness_mean: number;
  seriousness_sum: number;
}

/** 'HourlySeriousness' query type */
export interface IHourlySeriousnessQuery {
  params: IHourlySeriousnessParams;
  result: IHourlySeriousnessResult;
}

const hourlySeriousnessIR: any = {"usedParamSet":{"subreddit":true,"modelVersion":true,"from":true,"to":true},"params":[{"name":"subreddit","required":true,"transform":{"type":"scalar"},"locs":[{"a":379,"b":389}]},{"name":"modelVersion","required":true,"transform":{"type":"scalar"},"locs":[{"a":413,"b":426}]},{"name":"from","required":true,"transform":{"type":"scalar"},"locs":[{"a":444,"b":449}]},{"name":"to","required":true,"transform":{"type":"scalar"},"locs":[{"a":466,"b":469}]}],"statement":"-- One subreddit's hourly figures for one model version in [from, to), from the continuous aggregate.\nSELECT\n    bucket                         AS \"bucket!\",\n    post_count::int                AS \"post_count!\",\n    seriousness_sum::float8        AS \"seriousness_sum!\",\n    seriousness_mean::float8       AS \"seriousness_mean!\"\nFROM subreddit_seriousness_hourly\nWHERE subreddit = :subreddit!\n  AND model_version = :modelVersion!\n  AND bucket >= :from!\n  AND bucket < :to!\nORDER BY bucket"};

/**
 * Query generated from SQL:
 * ```
 * -- One subreddit's hourly figures for one model version in [from, to), from the continuous aggregate.
 * SELECT
 *     bucket                         AS "bucket!",
 *     post_count::int                AS "post_count!",
 *     seriousness_sum::float8        AS "seriousness_sum!",
 *     seriousness_mean::float8       AS "seriousness_mean!"
 * FROM subreddit_seriousness_hourly
 * WHERE subreddit = :subreddit!
 *   AND model_version = :modelVersion!
 *   AND bucket >= :from!
 *   AND bucket < :to!
 * ORDER BY bucket
 * ```
 */
export const hourlySeriousness = new PreparedQuery<IHourlySeriousnessParams,IHourlySeriousnessResult>(hourlySeriousnessIR);


/** 'AllTimeSeriousness' parameters type */
export interface IAllTimeSeriousnessParams {
  modelVersion: string;
}

/** 'AllTimeSeriousness' return type */
export interface IAllTimeSeriousnessResult {
  first_day: Date;
  last_day: Date;
  post_count: number;
  seriousness_mean: number;
  seriousness_sum: number;
  subreddit: string;
}

/** 'AllTimeSeriousness' query type */
export interface IAllTimeSeriousnessQuery {
  params: IAllTimeSeriousnessParams;
  result: IAllTimeSeriousnessResult;
}

const allTimeSeriousnessIR: any = {"usedParamSet":{"modelVersion":true},"params":[{"name":"modelVersion","required":true,"transform":{"type":"scalar"},"locs":[{"a":450,"b":463}]}],"statement":"-- Every subreddit's all-time figures for one model version.\nSELECT\n    subreddit                      AS \"subreddit!\",\n    post_count::int                AS \"post_count!\",\n    seriousness_sum::float8        AS \"seriousness_sum!\",\n    seriousness_mean::float8       AS \"seriousness_mean!\",\n    first_day                      AS \"first_day!\",\n    last_day                       AS \"last_day!\"\nFROM subreddit_seriousness_all_time\nWHERE model_version = :modelVersion!\nORDER BY subreddit"};

/**
 * Query generated from SQL:
 * ```
 * -- Every subreddit's all-time figures for one model version.
 * SELECT
 *     subreddit                      AS "subreddit!",
 *     post_count::int                AS "post_count!",
 *     seriousness_sum::float8        AS "seriousness_sum!",
 *     seriousness_mean::float8       AS "seriousness_mean!",
 *     first_day                      AS "first_day!",
 *     last_day                       AS "last_day!"
 * FROM subreddit_seriousness_all_time
 * WHERE model_version = :modelVersion!
 * ORDER BY subreddit
 * ```
 */
export const allTimeSeriousness = new PreparedQuery<IAllTimeSeriousnessParams,IAllTimeSeriousnessResult>(allTimeSeriousnessIR);



/** Types generated for queries found in "db/queries/writes.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type DateOrStringArray = (DateOrString)[];

export type booleanArray = (boolean)[];

export type numberArray = (number)[];

export type stringArray = (string)[];

/** 'UpsertPosts' parameters type */
export interface IUpsertPostsParams {
  authors: stringArray;
  createdAts: DateOrStringArray;
  domains: stringArray;
  ids: stringArray;
  isSelfs: booleanArray;
  numComments: numberArray;
  over18s: booleanArray;
  permalinks: stringArray;
  scores: numberArray;
  selftexts: stringArray;
  spoilers: booleanArray;
  stickieds: booleanArray;
  subreddits: stringArray;
  titles: stringArray;
  urls: stringArray;
}

/** 'UpsertPosts' return type */
export interface IUpsertPostsResult {
  created_at: Date;
  id: string;
  inserted: boolean;
}

/** 'UpsertPosts' query type */
export interface IUpsertPostsQuery {
  params: IUpsertPostsParams;
  result: IUpsertPostsResult;
}

const upsertPostsIR: any = {"usedParamSet":{"ids":true,"createdAts":true,"subreddits":true,"authors":true,"titles":true,"selftexts":true,"urls":true,"permalinks":true,"domains":true,"isSelfs":true,"over18s":true,"spoilers":true,"stickieds":true,"scores":true,"numComments":true},"params":[{"name":"ids","required":true,"transform":{"type":"scalar"},"locs":[{"a":673,"b":677}]},{"name":"createdAts","required":true,"transform":{"type":"scalar"},"locs":[{"a":688,"b":699}]},{"name":"subreddits","required":true,"transform":{"type":"scalar"},"locs":[{"a":717,"b":728}]},{"name":"authors","required":true,"transform":{"type":"scalar"},"locs":[{"a":739,"b":747}]},{"name":"titles","required":true,"transform":{"type":"scalar"},"locs":[{"a":758,"b":765}]},{"name":"selftexts","required":true,"transform":{"type":"scalar"},"locs":[{"a":780,"b":790}]},{"name":"urls","required":true,"transform":{"type":"scalar"},"locs":[{"a":801,"b":806}]},{"name":"permalinks","required":true,"transform":{"type":"scalar"},"locs":[{"a":817,"b":828}]},{"name":"domains","required":true,"transform":{"type":"scalar"},"locs":[{"a":839,"b":847}]},{"name":"isSelfs","required":true,"transform":{"type":"scalar"},"locs":[{"a":858,"b":866}]},{"name":"over18s","required":true,"transform":{"type":"scalar"},"locs":[{"a":884,"b":892}]},{"name":"spoilers","required":true,"transform":{"type":"scalar"},"locs":[{"a":906,"b":915}]},{"name":"stickieds","required":true,"transform":{"type":"scalar"},"locs":[{"a":929,"b":939}]},{"name":"scores","required":true,"transform":{"type":"scalar"},"locs":[{"a":953,"b":960}]},{"name":"numComments","required":true,"transform":{"type":"scalar"},"locs":[{"a":978,"b":990}]}],"statement":"-- Batched upsert of posts (one statement per batch: single-row inserts are ~50x slower here).\n-- A post seen again updates only what Reddit changes (score, comment count, flags);\n-- `inserted` tells the caller which rows are new, so only those get a scoring job.\n-- The statement announces the subreddits it wrote on the data-changes channel\n-- (db/engine/data-changes.ts: `posts:<names>`), delivered at its commit; `*` when the list would\n-- be too long.\nWITH written AS (\nINSERT INTO posts (id, created_at, subreddit, author, title, selftext, url, permalink, domain,\n                   is_self, over_18, spoiler, stickied, score, num_comments)\nSELECT * FROM unnest(\n    :ids!::text[], :createdAts!::timestamptz[], :subreddits!::text[], :authors!::text[], :titles!::text[],\n    :selftexts!::text[], :urls!::text[], :permalinks!::text[], :domains!::text[], :isSelfs!::boolean[],\n    :over18s!::boolean[], :spoilers!::boolean[], :stickieds!::boolean[], :scores!::integer[],\n    :numComments!::integer[])\nON CONFLICT (id, created_at) DO UPDATE SET\n    score        = EXCLUDED.score,\n    num_comments = EXCLUDED.num_comments,\n    over_18      = EXCLUDED.over_18,\n    spoiler      = EXCLUDED.spoiler,\n    stickied     = EXCLUDED.stickied,\n    updated_at   = now()\nRETURNING id, created_at, subreddit, (xmax = 0) AS inserted\n), announced AS (\n    SELECT count(pg_notify('seriousness_data_changed',\n                           CASE WHEN length(names) > 7900 THEN '*' ELSE 'posts:' || names END)) AS sent\n    FROM (SELECT string_agg(DISTINCT subreddit, ',') AS names FROM written) w\n    WHERE names IS NOT NULL\n)\n-- The scalar subquery makes `announced` run (a CTE nobody reads is never run).\nSELECT id AS \"id!\", created_at AS \"created_at!\", inserted AS \"inserted!\"\nFROM written\nWHERE (SELECT sent FROM announced) >= 0"};

/**
 * Query generated from SQL:
 * ```
 * -- Batched upsert of posts (one statement per batch: single-row inserts are ~50x slower here).
 * -- A post seen again updates only what Reddit changes (score, comment count, flags);
 * -- `inserted` tells the caller which rows are new, so only those get a scoring job.
 * -- The statement announces the subreddits it wrote on the data-changes channel
 * -- (db/engine/data-changes.ts: `posts:<names>`), delivered at its commit; `*` when the list would
 * -- be too long.
 * WITH written AS (
 * INSERT INTO posts (id, created_at, subreddit, author, title, selftext, url, permalink, domain,
 *                    is_self, over_18, spoiler, stickied, score, num_comments)
 * SELECT * FROM unnest(
 *     :ids!::text[], :createdAts!::timestamptz[], :subreddits!::text[], :authors!::text[], :titles!::text[],
 *     :selftexts!::text[], :urls!::text[], :permalinks!::text[], :domains!::text[], :isSelfs!::boolean[],
 *     :over18s!::boolean[], :spoilers!::boolean[], :stickieds!::boolean[], :scores!::integer[],
 *     :numComments!::integer[])
 * ON CONFLICT (id, created_at) DO UPDATE SET
 *     score        = EXCLUDED.score,
 *     num_comments = EXCLUDED.num_comments,
 *     over_18      = EXCLUDED.over_18,
 *     spoiler      = EXCLUDED.spoiler,
 *     stickied     = EXCLUDED.stickied,
 *     updated_at   = now()
 * RETURNING id, created_at, subreddit, (xmax = 0) AS inserted
 * ), announced AS (
 *     SELECT count(pg_notify('seriousness_data_changed',
 *                            CASE WHEN length(names) > 7900 THEN '*' ELSE 'posts:' || names END)) AS sent
 *     FROM (SELECT string_agg(DISTINCT subreddit, ',') AS names FROM written) w
 *     WHERE names IS NOT NULL
 * )
 * -- The scalar subquery makes `announced` run (a CTE nobody reads is never run).
 * SELECT id AS "id!", created_at AS "created_at!", inserted AS "inserted!"
 * FROM written
 * WHERE (SELECT sent FROM announced) >= 0
 * ```
 */
export const upsertPosts = new PreparedQuery<IUpsertPostsParams,IUpsertPostsResult>(upsertPostsIR);


/** 'InsertScores' parameters type */
export interface IInsertScoresParams {
  createdAts: DateOrStringArray;
  modelVersions: stringArray;
  postIds: stringArray;
  seriousness: numberArray;
  subreddits: stringArray;
}

/** 'InsertScores' return type */
export interface IInsertScoresResult {
  post_id: string;
}

/** 'InsertScores' query type */
export interface IInsertScoresQuery {
  params: IInsertScoresParams;
  result: IInsertScoresResult;
}

const insertScoresIR: any = {"usedParamSet":{"postIds":true,"createdAts":true,"subreddits":true,"modelVersions":true,"seriousness":true},"params":[{"name":"postIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":969,"b":977}]},{"name":"createdAts","required":true,"transform":{"type":"scalar"},"locs":[{"a":988,"b":999}]},{"name":"subreddits","required":true,"transform":{"type":"scalar"},"locs":[{"a":1017,"b":1028}]},{"name":"modelVersions","required":true,"transform":{"type":"scalar"},"locs":[{"a":1060,"b":1074}]},{"name":"seriousness","required":true,"transform":{"type":"scalar"},"locs":[{"a":1085,"b":1097}]}],"statement":"-- Idempotent: a re-delivered scoring job inserts nothing. Returns the rows actually inserted, and\n-- announces on the data-changes channel what they add to the figures, per model, subreddit and\n-- hour (the hourly aggregate's buckets), and where they show at once:\n-- `scores:<model>|<subreddit>|<hour, epoch ms>|<count>|<sum>|<shown>,…` (db/engine/data-changes.ts),\n-- so that readers add them up without reading the aggregates again. <shown> has `h` when the rows\n-- are in the hourly aggregate's real-time part, `a` when also in the daily's (so in all time): a\n-- bucket before an aggregate's watermark shows there only after its next refresh, which announces\n-- that everything changed. When that would not fit in a notification (history: thousands of\n-- hours at once), only the models: `scores-of:<model>,…`; nothing when no row was new.\nWITH written AS (\nINSERT INTO post_scores (post_id, created_at, subreddit, model_version, seriousness)\nSELECT * FROM unnest(:postIds!::text[], :createdAts!::timestamptz[], :subreddits!::text[],\n                     :modelVersions!::text[], :seriousness!::float8[])\nON CONFLICT (post_id, created_at, model_version) DO NOTHING\nRETURNING post_id, subreddit, model_version, created_at, seriousness\n), watermarks AS (\n    -- Where each aggregate's real-time part begins, as TimescaleDB itself reads it.\n    SELECT\n        max(_timescaledb_functions.to_timestamp(_timescaledb_functions.cagg_watermark(mat_hypertable_id)))\n            FILTER (WHERE user_view_name = 'subreddit_seriousness_hourly') AS hourly,\n        max(_timescaledb_functions.to_timestamp(_timescaledb_functions.cagg_watermark(mat_hypertable_id)))\n            FILTER (WHERE user_view_name = 'subreddit_seriousness_daily') AS daily\n    FROM _timescaledb_catalog.continuous_agg\n), added AS (\n    SELECT r.model_version, r.subreddit, r.hour,\n           count(*) AS post_count, sum(r.seriousness) AS seriousness_sum,\n           concat(CASE WHEN r.hour >= w.hourly THEN 'h' END,\n                  CASE WHEN r.hour >= w.hourly AND r.hour >= w.daily THEN 'a' END) AS shown\n    FROM (SELECT *, time_bucket(INTERVAL '1 hour', created_at) AS hour FROM written) r\n    CROSS JOIN watermarks w\n    GROUP BY r.model_version, r.subreddit, r.hour, w.hourly, w.daily\n), announced AS (\n    SELECT count(pg_notify('seriousness_data_changed',\n                           CASE WHEN length(entries) > 7900 THEN 'scores-of:' || models\n                                ELSE 'scores:' || entries END)) AS sent\n    FROM (\n        SELECT string_agg(concat_ws('|', model_version, subreddit,\n                                    (extract(epoch FROM hour) * 1000)::bigint, post_count,\n                                    seriousness_sum::float8, shown), ',') AS entries,\n               string_agg(DISTINCT model_version, ',') AS models\n        FROM added\n    ) w\n    WHERE entries IS NOT NULL\n)\nSELECT post_id AS \"post_id!\" FROM written WHERE (SELECT sent FROM announced) >= 0"};

/**
 * Query generated from SQL:
 * ```
 * -- Idempotent: a re-delivered scoring job inserts nothing. Returns the rows actually inserted, and
 * -- announces on the data-changes channel what they add to the figures, per model, subreddit and
 * -- hour (the hourly aggregate's buckets), and where they show at once:
 * -- `scores:<model>|<subreddit>|<hour, epoch ms>|<count>|<sum>|<shown>,…` (db/engine/data-changes.ts),
 * -- so that readers add them up without reading the aggregates again. <shown> has `h` when the rows
 * -- are in the hourly aggregate's real-time part, `a` when also in the daily's (so in all time): a
 * -- bucket before an aggregate's watermark shows there only after its next refresh, which announces
 * -- that everything changed. When that would not fit in a notification (history: thousands of
 * -- hours at once), only the models: `scores-of:<model>,…`; nothing when no row was new.
 * WITH written AS (
 * INSERT INTO post_scores (post_id, created_at, subreddit, model_version, seriousness)
 * SELECT * FROM unnest(:postIds!::text[], :createdAts!::timestamptz[], :subreddits!::text[],
 *                      :modelVersions!::text[], :seriousness!::float8[])
 * ON CONFLICT (post_id, created_at, model_version) DO NOTHING
 * RETURNING post_id, subreddit, model_version, created_at, seriousness
 * ), watermarks AS (
 *     -- Where each aggregate's real-time part begins, as TimescaleDB itself reads it.
 *     SELECT
 *         max(_timescaledb_functions.to_timestamp(_timescaledb_functions.cagg_watermark(mat_hypertable_id)))
 *             FILTER (WHERE user_view_name = 'subreddit_seriousness_hourly') AS hourly,
 *         max(_timescaledb_functions.to_timestamp(_timescaledb_functions.cagg_watermark(mat_hypertable_id)))
 *             FILTER (WHERE user_view_name = 'subreddit_seriousness_daily') AS daily
 *     FROM _timescaledb_catalog.continuous_agg
 * ), added AS (
 *     SELECT r.model_version, r.subreddit, r.hour,
 *            count(*) AS post_count, sum(r.seriousness) AS seriousness_sum,
 *            concat(CASE WHEN r.hour >= w.hourly THEN 'h' END,
 *                   CASE WHEN r.hour >= w.hourly AND r.hour >= w.daily THEN 'a' END) AS shown
 *     FROM (SELECT *, time_bucket(INTERVAL '1 hour', created_at) AS hour FROM written) r
 *     CROSS JOIN watermarks w
 *     GROUP BY r.model_version, r.subreddit, r.hour, w.hourly, w.daily
 * ), announced AS (
 *     SELECT count(pg_notify('seriousness_data_changed',
 *                            CASE WHEN length(entries) > 7900 THEN 'scores-of:' || models
 *                                 ELSE 'scores:' || entries END)) AS sent
 *     FROM (
 *         SELECT string_agg(concat_ws('|', model_version, subreddit,
 *                                     (extract(epoch FROM hour) * 1000)::bigint, post_count,
 *                                     seriousness_sum::float8, shown), ',') AS entries,
 *                string_agg(DISTINCT model_version, ',') AS models
 *         FROM added
 *     ) w
 *     WHERE entries IS NOT NULL
 * )
 * SELECT post_id AS "post_id!" FROM written WHERE (SELECT sent FROM announced) >= 0
 * ```
 */
export const insertScores = new PreparedQuery<IInsertScoresParams,IInsertScoresResult>(insertScoresIR);



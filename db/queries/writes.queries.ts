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

const upsertPostsIR: any = {"usedParamSet":{"ids":true,"createdAts":true,"subreddits":true,"authors":true,"titles":true,"selftexts":true,"urls":true,"permalinks":true,"domains":true,"isSelfs":true,"over18s":true,"spoilers":true,"stickieds":true,"scores":true,"numComments":true},"params":[{"name":"ids","required":true,"transform":{"type":"scalar"},"locs":[{"a":462,"b":466}]},{"name":"createdAts","required":true,"transform":{"type":"scalar"},"locs":[{"a":477,"b":488}]},{"name":"subreddits","required":true,"transform":{"type":"scalar"},"locs":[{"a":506,"b":517}]},{"name":"authors","required":true,"transform":{"type":"scalar"},"locs":[{"a":528,"b":536}]},{"name":"titles","required":true,"transform":{"type":"scalar"},"locs":[{"a":547,"b":554}]},{"name":"selftexts","required":true,"transform":{"type":"scalar"},"locs":[{"a":569,"b":579}]},{"name":"urls","required":true,"transform":{"type":"scalar"},"locs":[{"a":590,"b":595}]},{"name":"permalinks","required":true,"transform":{"type":"scalar"},"locs":[{"a":606,"b":617}]},{"name":"domains","required":true,"transform":{"type":"scalar"},"locs":[{"a":628,"b":636}]},{"name":"isSelfs","required":true,"transform":{"type":"scalar"},"locs":[{"a":647,"b":655}]},{"name":"over18s","required":true,"transform":{"type":"scalar"},"locs":[{"a":673,"b":681}]},{"name":"spoilers","required":true,"transform":{"type":"scalar"},"locs":[{"a":695,"b":704}]},{"name":"stickieds","required":true,"transform":{"type":"scalar"},"locs":[{"a":718,"b":728}]},{"name":"scores","required":true,"transform":{"type":"scalar"},"locs":[{"a":742,"b":749}]},{"name":"numComments","required":true,"transform":{"type":"scalar"},"locs":[{"a":767,"b":779}]}],"statement":"-- Batched upsert of posts (one statement per batch: single-row inserts are ~50x slower here).\n-- A post seen again updates only what Reddit changes (score, comment count, flags);\n-- `inserted` tells the caller which rows are new, so only those get a scoring job.\nINSERT INTO posts (id, created_at, subreddit, author, title, selftext, url, permalink, domain,\n                   is_self, over_18, spoiler, stickied, score, num_comments)\nSELECT * FROM unnest(\n    :ids!::text[], :createdAts!::timestamptz[], :subreddits!::text[], :authors!::text[], :titles!::text[],\n    :selftexts!::text[], :urls!::text[], :permalinks!::text[], :domains!::text[], :isSelfs!::boolean[],\n    :over18s!::boolean[], :spoilers!::boolean[], :stickieds!::boolean[], :scores!::integer[],\n    :numComments!::integer[])\nON CONFLICT (id, created_at) DO UPDATE SET\n    score        = EXCLUDED.score,\n    num_comments = EXCLUDED.num_comments,\n    over_18      = EXCLUDED.over_18,\n    spoiler      = EXCLUDED.spoiler,\n    stickied     = EXCLUDED.stickied,\n    updated_at   = now()\nRETURNING id AS \"id!\", created_at AS \"created_at!\", (xmax = 0) AS \"inserted!\""};

/**
 * Query generated from SQL:
 * ```
 * -- Batched upsert of posts (one statement per batch: single-row inserts are ~50x slower here).
 * -- A post seen again updates only what Reddit changes (score, comment count, flags);
 * -- `inserted` tells the caller which rows are new, so only those get a scoring job.
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
 * RETURNING id AS "id!", created_at AS "created_at!", (xmax = 0) AS "inserted!"
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

const insertScoresIR: any = {"usedParamSet":{"postIds":true,"createdAts":true,"subreddits":true,"modelVersions":true,"seriousness":true},"params":[{"name":"postIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":201,"b":209}]},{"name":"createdAts","required":true,"transform":{"type":"scalar"},"locs":[{"a":220,"b":231}]},{"name":"subreddits","required":true,"transform":{"type":"scalar"},"locs":[{"a":249,"b":260}]},{"name":"modelVersions","required":true,"transform":{"type":"scalar"},"locs":[{"a":292,"b":306}]},{"name":"seriousness","required":true,"transform":{"type":"scalar"},"locs":[{"a":317,"b":329}]}],"statement":"-- Idempotent: a re-delivered scoring job inserts nothing. Returns the rows actually inserted.\nINSERT INTO post_scores (post_id, created_at, subreddit, model_version, seriousness)\nSELECT * FROM unnest(:postIds!::text[], :createdAts!::timestamptz[], :subreddits!::text[],\n                     :modelVersions!::text[], :seriousness!::float8[])\nON CONFLICT (post_id, created_at, model_version) DO NOTHING\nRETURNING post_id AS \"post_id!\""};

/**
 * Query generated from SQL:
 * ```
 * -- Idempotent: a re-delivered scoring job inserts nothing. Returns the rows actually inserted.
 * INSERT INTO post_scores (post_id, created_at, subreddit, model_version, seriousness)
 * SELECT * FROM unnest(:postIds!::text[], :createdAts!::timestamptz[], :subreddits!::text[],
 *                      :modelVersions!::text[], :seriousness!::float8[])
 * ON CONFLICT (post_id, created_at, model_version) DO NOTHING
 * RETURNING post_id AS "post_id!"
 * ```
 */
export const insertScores = new PreparedQuery<IInsertScoresParams,IInsertScoresResult>(insertScoresIR);



/** Types generated for queries found in "db/queries/scorer.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type DateOrStringArray = (DateOrString)[];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type NumberOrString = number | string;

export type stringArray = (string)[];

/** 'PostsToScore' parameters type */
export interface IPostsToScoreParams {
  createdAts: DateOrStringArray;
  ids: stringArray;
}

/** 'PostsToScore' return type */
export interface IPostsToScoreResult {
  created_at: Date;
  domain: string | null;
  id: string;
  is_self: boolean;
  selftext: string;
  subreddit: string;
  title: string;
}

/** 'PostsToScore' query type */
export interface IPostsToScoreQuery {
  params: IPostsToScoreParams;
  result: IPostsToScoreResult;
}

const postsToScoreIR: any = {"usedParamSet":{"ids":true,"createdAts":true},"params":[{"name":"ids","required":true,"transform":{"type":"scalar"},"locs":[{"a":329,"b":333}]},{"name":"createdAts","required":true,"transform":{"type":"scalar"},"locs":[{"a":344,"b":355}]}],"statement":"-- The posts behind a batch of scoring jobs (jobs carry the post's key, not its text).\nSELECT\n    p.id          AS \"id!\",\n    p.created_at  AS \"created_at!\",\n    p.subreddit   AS \"subreddit!\",\n    p.title       AS \"title!\",\n    p.selftext    AS \"selftext!\",\n    p.is_self     AS \"is_self!\",\n    p.domain\nFROM posts p\nJOIN unnest(:ids!::text[], :createdAts!::timestamptz[]) AS k(id, created_at)\n  ON p.id = k.id AND p.created_at = k.created_at"};

/**
 * Query generated from SQL:
 * ```
 * -- The posts behind a batch of scoring jobs (jobs carry the post's key, not its text).
 * SELECT
 *     p.id          AS "id!",
 *     p.created_at  AS "created_at!",
 *     p.subreddit   AS "subreddit!",
 *     p.title       AS "title!",
 *     p.selftext    AS "selftext!",
 *     p.is_self     AS "is_self!",
 *     p.domain
 * FROM posts p
 * JOIN unnest(:ids!::text[], :createdAts!::timestamptz[]) AS k(id, created_at)
 *   ON p.id = k.id AND p.created_at = k.created_at
 * ```
 */
export const postsToScore = new PreparedQuery<IPostsToScoreParams,IPostsToScoreResult>(postsToScoreIR);


/** 'ModelsInPlay' parameters type */
export type IModelsInPlayParams = void;

/** 'ModelsInPlay' return type */
export interface IModelsInPlayResult {
  status: string;
  version: string;
}

/** 'ModelsInPlay' query type */
export interface IModelsInPlayQuery {
  params: IModelsInPlayParams;
  result: IModelsInPlayResult;
}

const modelsInPlayIR: any = {"usedParamSet":{},"params":[],"statement":"-- The models new posts must be scored with: the active one, and the one history is being\n-- re-scored to (so that it is complete when it takes over).\nSELECT version AS \"version!\", status AS \"status!\"\nFROM models\nWHERE status IN ('active', 'rescoring')\nORDER BY status"};

/**
 * Query generated from SQL:
 * ```
 * -- The models new posts must be scored with: the active one, and the one history is being
 * -- re-scored to (so that it is complete when it takes over).
 * SELECT version AS "version!", status AS "status!"
 * FROM models
 * WHERE status IN ('active', 'rescoring')
 * ORDER BY status
 * ```
 */
export const modelsInPlay = new PreparedQuery<IModelsInPlayParams,IModelsInPlayResult>(modelsInPlayIR);


/** 'ModelBytes' parameters type */
export interface IModelBytesParams {
  version: string;
}

/** 'ModelBytes' return type */
export interface IModelBytesResult {
  onnx: Buffer;
}

/** 'ModelBytes' query type */
export interface IModelBytesQuery {
  params: IModelBytesParams;
  result: IModelBytesResult;
}

const modelBytesIR: any = {"usedParamSet":{"version":true},"params":[{"name":"version","required":true,"transform":{"type":"scalar"},"locs":[{"a":51,"b":59}]}],"statement":"SELECT onnx AS \"onnx!\" FROM models WHERE version = :version! AND onnx IS NOT NULL"};

/**
 * Query generated from SQL:
 * ```
 * SELECT onnx AS "onnx!" FROM models WHERE version = :version! AND onnx IS NOT NULL
 * ```
 */
export const modelBytes = new PreparedQuery<IModelBytesParams,IModelBytesResult>(modelBytesIR);


/** 'RegisterModel' parameters type */
export interface IRegisterModelParams {
  card: Json;
  onnx: Buffer;
  path: string;
  version: string;
}

/** 'RegisterModel' return type */
export interface IRegisterModelResult {
  version: string;
}

/** 'RegisterModel' query type */
export interface IRegisterModelQuery {
  params: IRegisterModelParams;
  result: IRegisterModelResult;
}

const registerModelIR: any = {"usedParamSet":{"version":true,"path":true,"card":true,"onnx":true},"params":[{"name":"version","required":true,"transform":{"type":"scalar"},"locs":[{"a":147,"b":155}]},{"name":"path","required":true,"transform":{"type":"scalar"},"locs":[{"a":172,"b":177}]},{"name":"card","required":true,"transform":{"type":"scalar"},"locs":[{"a":180,"b":185}]},{"name":"onnx","required":true,"transform":{"type":"scalar"},"locs":[{"a":195,"b":200}]}],"statement":"-- Idempotent: registering the same file twice is a no-op (version = content hash).\nINSERT INTO models (version, status, path, card, onnx)\nVALUES (:version!, 'registered', :path!, :card!::jsonb, :onnx!)\nON CONFLICT (version) DO NOTHING\nRETURNING version AS \"version!\""};

/**
 * Query generated from SQL:
 * ```
 * -- Idempotent: registering the same file twice is a no-op (version = content hash).
 * INSERT INTO models (version, status, path, card, onnx)
 * VALUES (:version!, 'registered', :path!, :card!::jsonb, :onnx!)
 * ON CONFLICT (version) DO NOTHING
 * RETURNING version AS "version!"
 * ```
 */
export const registerModel = new PreparedQuery<IRegisterModelParams,IRegisterModelResult>(registerModelIR);


/** 'ModelByVersion' parameters type */
export interface IModelByVersionParams {
  version: string;
}

/** 'ModelByVersion' return type */
export interface IModelByVersionResult {
  activated_at: Date | null;
  path: string | null;
  registered_at: Date;
  rescore_done: number;
  rescore_finished_at: Date | null;
  rescore_started_at: Date | null;
  rescore_total: number | null;
  status: string;
  version: string;
}

/** 'ModelByVersion' query type */
export interface IModelByVersionQuery {
  params: IModelByVersionParams;
  result: IModelByVersionResult;
}

const modelByVersionIR: any = {"usedParamSet":{"version":true},"params":[{"name":"version","required":true,"transform":{"type":"scalar"},"locs":[{"a":229,"b":237},{"a":250,"b":258},{"a":295,"b":303}]}],"statement":"SELECT version AS \"version!\", status AS \"status!\", path, registered_at AS \"registered_at!\",\n       activated_at, rescore_started_at, rescore_finished_at, rescore_total, rescore_done AS \"rescore_done!\"\nFROM models\nWHERE version = :version! OR (length(:version!) BETWEEN 8 AND 63 AND version LIKE :version! || '%')"};

/**
 * Query generated from SQL:
 * ```
 * SELECT version AS "version!", status AS "status!", path, registered_at AS "registered_at!",
 *        activated_at, rescore_started_at, rescore_finished_at, rescore_total, rescore_done AS "rescore_done!"
 * FROM models
 * WHERE version = :version! OR (length(:version!) BETWEEN 8 AND 63 AND version LIKE :version! || '%')
 * ```
 */
export const modelByVersion = new PreparedQuery<IModelByVersionParams,IModelByVersionResult>(modelByVersionIR);


/** 'ActiveModelVersion' parameters type */
export type IActiveModelVersionParams = void;

/** 'ActiveModelVersion' return type */
export interface IActiveModelVersionResult {
  version: string;
}

/** 'ActiveModelVersion' query type */
export interface IActiveModelVersionQuery {
  params: IActiveModelVersionParams;
  result: IActiveModelVersionResult;
}

const activeModelVersionIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT version AS \"version!\" FROM models WHERE status = 'active'"};

/**
 * Query generated from SQL:
 * ```
 * SELECT version AS "version!" FROM models WHERE status = 'active'
 * ```
 */
export const activeModelVersion = new PreparedQuery<IActiveModelVersionParams,IActiveModelVersionResult>(activeModelVersionIR);


/** 'SupersedeRescoring' parameters type */
export interface ISupersedeRescoringParams {
  version: string;
}

/** 'SupersedeRescoring' return type */
export type ISupersedeRescoringResult = void;

/** 'SupersedeRescoring' query type */
export interface ISupersedeRescoringQuery {
  params: ISupersedeRescoringParams;
  result: ISupersedeRescoringResult;
}

const supersedeRescoringIR: any = {"usedParamSet":{"version":true},"params":[{"name":"version","required":true,"transform":{"type":"scalar"},"locs":[{"a":182,"b":190}]}],"statement":"-- A newer activation wins over one still re-scoring; its partial scores stay (idempotent inserts).\nUPDATE models SET status = 'registered' WHERE status = 'rescoring' AND version <> :version!"};

/**
 * Query generated from SQL:
 * ```
 * -- A newer activation wins over one still re-scoring; its partial scores stay (idempotent inserts).
 * UPDATE models SET status = 'registered' WHERE status = 'rescoring' AND version <> :version!
 * ```
 */
export const supersedeRescoring = new PreparedQuery<ISupersedeRescoringParams,ISupersedeRescoringResult>(supersedeRescoringIR);


/** 'MakeActive' parameters type */
export interface IMakeActiveParams {
  version: string;
}

/** 'MakeActive' return type */
export interface IMakeActiveResult {
  announced: string;
}

/** 'MakeActive' query type */
export interface IMakeActiveQuery {
  params: IMakeActiveParams;
  result: IMakeActiveResult;
}

const makeActiveIR: any = {"usedParamSet":{"version":true},"params":[{"name":"version","required":true,"transform":{"type":"scalar"},"locs":[{"a":295,"b":303}]}],"statement":"-- The first model of a database becomes active at once: there is no history to re-score. Every\n-- answer named the model served before: announced on the data-changes channel (delivered at COMMIT).\nWITH made AS (\n    UPDATE models SET status = 'active', activated_at = now()\n    WHERE version = :version! AND status <> 'active'\n    RETURNING version\n)\nSELECT count(pg_notify('seriousness_data_changed', '*')) AS \"announced!\" FROM made"};

/**
 * Query generated from SQL:
 * ```
 * -- The first model of a database becomes active at once: there is no history to re-score. Every
 * -- answer named the model served before: announced on the data-changes channel (delivered at COMMIT).
 * WITH made AS (
 *     UPDATE models SET status = 'active', activated_at = now()
 *     WHERE version = :version! AND status <> 'active'
 *     RETURNING version
 * )
 * SELECT count(pg_notify('seriousness_data_changed', '*')) AS "announced!" FROM made
 * ```
 */
export const makeActive = new PreparedQuery<IMakeActiveParams,IMakeActiveResult>(makeActiveIR);


/** 'StartRescoring' parameters type */
export interface IStartRescoringParams {
  version: string;
}

/** 'StartRescoring' return type */
export type IStartRescoringResult = void;

/** 'StartRescoring' query type */
export interface IStartRescoringQuery {
  params: IStartRescoringParams;
  result: IStartRescoringResult;
}

const startRescoringIR: any = {"usedParamSet":{"version":true},"params":[{"name":"version","required":true,"transform":{"type":"scalar"},"locs":[{"a":264,"b":272}]}],"statement":"UPDATE models\nSET status = 'rescoring',\n    rescore_started_at = now(),\n    rescore_finished_at = NULL,\n    rescore_total = (SELECT count(*)::int FROM posts),\n    rescore_done = 0,\n    rescore_cursor_created_at = NULL,\n    rescore_cursor_id = NULL\nWHERE version = :version! AND status IN ('registered', 'retired')"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE models
 * SET status = 'rescoring',
 *     rescore_started_at = now(),
 *     rescore_finished_at = NULL,
 *     rescore_total = (SELECT count(*)::int FROM posts),
 *     rescore_done = 0,
 *     rescore_cursor_created_at = NULL,
 *     rescore_cursor_id = NULL
 * WHERE version = :version! AND status IN ('registered', 'retired')
 * ```
 */
export const startRescoring = new PreparedQuery<IStartRescoringParams,IStartRescoringResult>(startRescoringIR);


/** 'RescoringModel' parameters type */
export type IRescoringModelParams = void;

/** 'RescoringModel' return type */
export interface IRescoringModelResult {
  rescore_cursor_created_at: Date | null;
  rescore_cursor_id: string | null;
  rescore_done: number;
  rescore_started_at: Date;
  rescore_total: number | null;
  version: string;
}

/** 'RescoringModel' query type */
export interface IRescoringModelQuery {
  params: IRescoringModelParams;
  result: IRescoringModelResult;
}

const rescoringModelIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT version AS \"version!\", rescore_started_at AS \"rescore_started_at!\", rescore_total,\n       rescore_done AS \"rescore_done!\", rescore_cursor_created_at, rescore_cursor_id\nFROM models\nWHERE status = 'rescoring'"};

/**
 * Query generated from SQL:
 * ```
 * SELECT version AS "version!", rescore_started_at AS "rescore_started_at!", rescore_total,
 *        rescore_done AS "rescore_done!", rescore_cursor_created_at, rescore_cursor_id
 * FROM models
 * WHERE status = 'rescoring'
 * ```
 */
export const rescoringModel = new PreparedQuery<IRescoringModelParams,IRescoringModelResult>(rescoringModelIR);


/** 'NextRescoreChunk' parameters type */
export interface INextRescoreChunkParams {
  cursorCreatedAt?: DateOrString | null | void;
  cursorId?: string | null | void;
  limit: NumberOrString;
}

/** 'NextRescoreChunk' return type */
export interface INextRescoreChunkResult {
  created_at: Date;
  domain: string | null;
  id: string;
  is_self: boolean;
  selftext: string;
  subreddit: string;
  title: string;
}

/** 'NextRescoreChunk' query type */
export interface INextRescoreChunkQuery {
  params: INextRescoreChunkParams;
  result: INextRescoreChunkResult;
}

const nextRescoreChunkIR: any = {"usedParamSet":{"cursorCreatedAt":true,"cursorId":true,"limit":true},"params":[{"name":"cursorCreatedAt","required":false,"transform":{"type":"scalar"},"locs":[{"a":332,"b":347}]},{"name":"cursorId","required":false,"transform":{"type":"scalar"},"locs":[{"a":398,"b":406}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":460,"b":466}]}],"statement":"-- Newest first, strictly older than the cursor (infinity before the first chunk).\nSELECT\n    id          AS \"id!\",\n    created_at  AS \"created_at!\",\n    subreddit   AS \"subreddit!\",\n    title       AS \"title!\",\n    selftext    AS \"selftext!\",\n    is_self     AS \"is_self!\",\n    domain\nFROM posts\nWHERE (created_at, id) < (coalesce(:cursorCreatedAt::timestamptz, 'infinity'::timestamptz), coalesce(:cursorId::text, ''))\nORDER BY created_at DESC, id DESC\nLIMIT :limit!"};

/**
 * Query generated from SQL:
 * ```
 * -- Newest first, strictly older than the cursor (infinity before the first chunk).
 * SELECT
 *     id          AS "id!",
 *     created_at  AS "created_at!",
 *     subreddit   AS "subreddit!",
 *     title       AS "title!",
 *     selftext    AS "selftext!",
 *     is_self     AS "is_self!",
 *     domain
 * FROM posts
 * WHERE (created_at, id) < (coalesce(:cursorCreatedAt::timestamptz, 'infinity'::timestamptz), coalesce(:cursorId::text, ''))
 * ORDER BY created_at DESC, id DESC
 * LIMIT :limit!
 * ```
 */
export const nextRescoreChunk = new PreparedQuery<INextRescoreChunkParams,INextRescoreChunkResult>(nextRescoreChunkIR);


/** 'AdvanceRescoring' parameters type */
export interface IAdvanceRescoringParams {
  cursorCreatedAt: DateOrString;
  cursorId: string;
  done: number;
  version: string;
}

/** 'AdvanceRescoring' return type */
export interface IAdvanceRescoringResult {
  version: string;
}

/** 'AdvanceRescoring' query type */
export interface IAdvanceRescoringQuery {
  params: IAdvanceRescoringParams;
  result: IAdvanceRescoringResult;
}

const advanceRescoringIR: any = {"usedParamSet":{"done":true,"cursorCreatedAt":true,"cursorId":true,"version":true},"params":[{"name":"done","required":true,"transform":{"type":"scalar"},"locs":[{"a":142,"b":147}]},{"name":"cursorCreatedAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":187,"b":203}]},{"name":"cursorId","required":true,"transform":{"type":"scalar"},"locs":[{"a":230,"b":239}]},{"name":"version","required":true,"transform":{"type":"scalar"},"locs":[{"a":257,"b":265}]}],"statement":"-- No row back: the re-score was superseded (another model activated) and its walk must stop.\nUPDATE models\nSET rescore_done = rescore_done + :done!::int,\n    rescore_cursor_created_at = :cursorCreatedAt!,\n    rescore_cursor_id = :cursorId!\nWHERE version = :version! AND status = 'rescoring'\nRETURNING version AS \"version!\""};

/**
 * Query generated from SQL:
 * ```
 * -- No row back: the re-score was superseded (another model activated) and its walk must stop.
 * UPDATE models
 * SET rescore_done = rescore_done + :done!::int,
 *     rescore_cursor_created_at = :cursorCreatedAt!,
 *     rescore_cursor_id = :cursorId!
 * WHERE version = :version! AND status = 'rescoring'
 * RETURNING version AS "version!"
 * ```
 */
export const advanceRescoring = new PreparedQuery<IAdvanceRescoringParams,IAdvanceRescoringResult>(advanceRescoringIR);


/** 'PostsMissingScore' parameters type */
export interface IPostsMissingScoreParams {
  limit: NumberOrString;
  since: DateOrString;
  version: string;
}

/** 'PostsMissingScore' return type */
export interface IPostsMissingScoreResult {
  created_at: Date;
  domain: string | null;
  id: string;
  is_self: boolean;
  selftext: string;
  subreddit: string;
  title: string;
}

/** 'PostsMissingScore' query type */
export interface IPostsMissingScoreQuery {
  params: IPostsMissingScoreParams;
  result: IPostsMissingScoreResult;
}

const postsMissingScoreIR: any = {"usedParamSet":{"since":true,"version":true,"limit":true},"params":[{"name":"since","required":true,"transform":{"type":"scalar"},"locs":[{"a":498,"b":504}]},{"name":"version","required":true,"transform":{"type":"scalar"},"locs":[{"a":655,"b":663}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":675,"b":681}]}],"statement":"-- The final sweep of a re-score: posts stored since it started that no scorer scored with the new\n-- model (a worker that had not yet seen the activation). Bounded by ingested_at, not created_at,\n-- because a backfill can store old posts late.\nSELECT\n    p.id          AS \"id!\",\n    p.created_at  AS \"created_at!\",\n    p.subreddit   AS \"subreddit!\",\n    p.title       AS \"title!\",\n    p.selftext    AS \"selftext!\",\n    p.is_self     AS \"is_self!\",\n    p.domain\nFROM posts p\nWHERE p.ingested_at >= :since!::timestamptz\n  AND NOT EXISTS (\n      SELECT 1 FROM post_scores s\n      WHERE s.post_id = p.id AND s.created_at = p.created_at AND s.model_version = :version!\n  )\nLIMIT :limit!"};

/**
 * Query generated from SQL:
 * ```
 * -- The final sweep of a re-score: posts stored since it started that no scorer scored with the new
 * -- model (a worker that had not yet seen the activation). Bounded by ingested_at, not created_at,
 * -- because a backfill can store old posts late.
 * SELECT
 *     p.id          AS "id!",
 *     p.created_at  AS "created_at!",
 *     p.subreddit   AS "subreddit!",
 *     p.title       AS "title!",
 *     p.selftext    AS "selftext!",
 *     p.is_self     AS "is_self!",
 *     p.domain
 * FROM posts p
 * WHERE p.ingested_at >= :since!::timestamptz
 *   AND NOT EXISTS (
 *       SELECT 1 FROM post_scores s
 *       WHERE s.post_id = p.id AND s.created_at = p.created_at AND s.model_version = :version!
 *   )
 * LIMIT :limit!
 * ```
 */
export const postsMissingScore = new PreparedQuery<IPostsMissingScoreParams,IPostsMissingScoreResult>(postsMissingScoreIR);


/** 'OldestPostCreatedAt' parameters type */
export type IOldestPostCreatedAtParams = void;

/** 'OldestPostCreatedAt' return type */
export interface IOldestPostCreatedAtResult {
  oldest: Date | null;
}

/** 'OldestPostCreatedAt' query type */
export interface IOldestPostCreatedAtQuery {
  params: IOldestPostCreatedAtParams;
  result: IOldestPostCreatedAtResult;
}

const oldestPostCreatedAtIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT min(created_at) AS oldest FROM posts"};

/**
 * Query generated from SQL:
 * ```
 * SELECT min(created_at) AS oldest FROM posts
 * ```
 */
export const oldestPostCreatedAt = new PreparedQuery<IOldestPostCreatedAtParams,IOldestPostCreatedAtResult>(oldestPostCreatedAtIR);


/** 'RetireActive' parameters type */
export interface IRetireActiveParams {
  version: string;
}

/** 'RetireActive' return type */
export type IRetireActiveResult = void;

/** 'RetireActive' query type */
export interface IRetireActiveQuery {
  params: IRetireActiveParams;
  result: IRetireActiveResult;
}

const retireActiveIR: any = {"usedParamSet":{"version":true},"params":[{"name":"version","required":true,"transform":{"type":"scalar"},"locs":[{"a":76,"b":84}]}],"statement":"UPDATE models SET status = 'retired' WHERE status = 'active' AND version <> :version!"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE models SET status = 'retired' WHERE status = 'active' AND version <> :version!
 * ```
 */
export const retireActive = new PreparedQuery<IRetireActiveParams,IRetireActiveResult>(retireActiveIR);


/** 'FinishRescoring' parameters type */
export interface IFinishRescoringParams {
  version: string;
}

/** 'FinishRescoring' return type */
export interface IFinishRescoringResult {
  announced: string;
}

/** 'FinishRescoring' query type */
export interface IFinishRescoringQuery {
  params: IFinishRescoringParams;
  result: IFinishRescoringResult;
}

const finishRescoringIR: any = {"usedParamSet":{"version":true},"params":[{"name":"version","required":true,"transform":{"type":"scalar"},"locs":[{"a":204,"b":212}]}],"statement":"-- The re-scored model becomes the one served: announced like makeActive.\nWITH made AS (\n    UPDATE models\n    SET status = 'active', activated_at = now(), rescore_finished_at = now()\n    WHERE version = :version! AND status = 'rescoring'\n    RETURNING version\n)\nSELECT count(pg_notify('seriousness_data_changed', '*')) AS \"announced!\" FROM made"};

/**
 * Query generated from SQL:
 * ```
 * -- The re-scored model becomes the one served: announced like makeActive.
 * WITH made AS (
 *     UPDATE models
 *     SET status = 'active', activated_at = now(), rescore_finished_at = now()
 *     WHERE version = :version! AND status = 'rescoring'
 *     RETURNING version
 * )
 * SELECT count(pg_notify('seriousness_data_changed', '*')) AS "announced!" FROM made
 * ```
 */
export const finishRescoring = new PreparedQuery<IFinishRescoringParams,IFinishRescoringResult>(finishRescoringIR);


/** 'ScorerStatus' parameters type */
export type IScorerStatusParams = void;

/** 'ScorerStatus' return type */
export interface IScorerStatusResult {
  active_model: string | null;
  active_since: Date | null;
  lag_max_seconds: number | null;
  lag_p50_seconds: number | null;
  rescore_done: number | null;
  rescore_started_at: Date | null;
  rescore_total: number | null;
  rescoring_model: string | null;
  scored_last_minute: number;
}

/** 'ScorerStatus' query type */
export interface IScorerStatusQuery {
  params: IScorerStatusParams;
  result: IScorerStatusResult;
}

const scorerStatusIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT active_model, active_since, rescoring_model, rescore_started_at, rescore_done, rescore_total,\n       scored_last_minute AS \"scored_last_minute!\", lag_p50_seconds, lag_max_seconds\nFROM scorer_status_view"};

/**
 * Query generated from SQL:
 * ```
 * SELECT active_model, active_since, rescoring_model, rescore_started_at, rescore_done, rescore_total,
 *        scored_last_minute AS "scored_last_minute!", lag_p50_seconds, lag_max_seconds
 * FROM scorer_status_view
 * ```
 */
export const scorerStatus = new PreparedQuery<IScorerStatusParams,IScorerStatusResult>(scorerStatusIR);


/** 'PostById' parameters type */
export interface IPostByIdParams {
  id: string;
}

/** 'PostById' return type */
export interface IPostByIdResult {
  created_at: Date;
  domain: string | null;
  id: string;
  is_self: boolean;
  selftext: string;
  subreddit: string;
  title: string;
}

/** 'PostById' query type */
export interface IPostByIdQuery {
  params: IPostByIdParams;
  result: IPostByIdResult;
}

const postByIdIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":225,"b":228}]}],"statement":"SELECT\n    id          AS \"id!\",\n    created_at  AS \"created_at!\",\n    subreddit   AS \"subreddit!\",\n    title       AS \"title!\",\n    selftext    AS \"selftext!\",\n    is_self     AS \"is_self!\",\n    domain\nFROM posts\nWHERE id = :id!\nORDER BY created_at DESC\nLIMIT 1"};

/**
 * Query generated from SQL:
 * ```
 * SELECT
 *     id          AS "id!",
 *     created_at  AS "created_at!",
 *     subreddit   AS "subreddit!",
 *     title       AS "title!",
 *     selftext    AS "selftext!",
 *     is_self     AS "is_self!",
 *     domain
 * FROM posts
 * WHERE id = :id!
 * ORDER BY created_at DESC
 * LIMIT 1
 * ```
 */
export const postById = new PreparedQuery<IPostByIdParams,IPostByIdResult>(postByIdIR);


/** 'ClaimedScoreJobs' parameters type */
export interface IClaimedScoreJobsParams {
  queue: string;
}

/** 'ClaimedScoreJobs' return type */
export interface IClaimedScoreJobsResult {
  id: string;
}

/** 'ClaimedScoreJobs' query type */
export interface IClaimedScoreJobsQuery {
  params: IClaimedScoreJobsParams;
  result: IClaimedScoreJobsResult;
}

const claimedScoreJobsIR: any = {"usedParamSet":{"queue":true},"params":[{"name":"queue","required":true,"transform":{"type":"scalar"},"locs":[{"a":320,"b":326}]}],"statement":"-- Jobs of a queue that a scorer claimed and has not finished (pg-boss's own table: its state\n-- 'active'). The embedded scorer reads them at start: only one process opens an embedded data\n-- directory, so any it finds were claimed by a process that died mid-batch.\nSELECT id::text AS \"id!\" FROM pgboss.job WHERE name = :queue! AND state = 'active'"};

/**
 * Query generated from SQL:
 * ```
 * -- Jobs of a queue that a scorer claimed and has not finished (pg-boss's own table: its state
 * -- 'active'). The embedded scorer reads them at start: only one process opens an embedded data
 * -- directory, so any it finds were claimed by a process that died mid-batch.
 * SELECT id::text AS "id!" FROM pgboss.job WHERE name = :queue! AND state = 'active'
 * ```
 */
export const claimedScoreJobs = new PreparedQuery<IClaimedScoreJobsParams,IClaimedScoreJobsResult>(claimedScoreJobsIR);



/** Types generated for queries found in "db/queries/backfill.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type NumberOrString = number | string;

export type stringArray = (string)[];

/** 'StartBackfillFile' parameters type */
export interface IStartBackfillFileParams {
  fileKey: string;
  path: string;
  restart: boolean;
  sizeBytes: NumberOrString;
}

/** 'StartBackfillFile' return type */
export interface IStartBackfillFileResult {
  finished_at: Date | null;
  lines_done: string;
}

/** 'StartBackfillFile' query type */
export interface IStartBackfillFileQuery {
  params: IStartBackfillFileParams;
  result: IStartBackfillFileResult;
}

const startBackfillFileIR: any = {"usedParamSet":{"fileKey":true,"path":true,"sizeBytes":true,"restart":true},"params":[{"name":"fileKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":234,"b":242}]},{"name":"path","required":true,"transform":{"type":"scalar"},"locs":[{"a":245,"b":250}]},{"name":"sizeBytes","required":true,"transform":{"type":"scalar"},"locs":[{"a":253,"b":263}]},{"name":"restart","required":true,"transform":{"type":"scalar"},"locs":[{"a":366,"b":374},{"a":457,"b":465},{"a":548,"b":556}]}],"statement":"-- Records a file as being loaded; a file started before keeps its progress (and a re-read of a\n-- finished one starts over only when the caller says so with `restart`).\nINSERT INTO backfill_files (file_key, path, size_bytes)\nVALUES (:fileKey!, :path!, :sizeBytes!)\nON CONFLICT (file_key) DO UPDATE SET\n    path         = EXCLUDED.path,\n    lines_done   = CASE WHEN :restart!::boolean THEN 0 ELSE backfill_files.lines_done END,\n    posts_done   = CASE WHEN :restart!::boolean THEN 0 ELSE backfill_files.posts_done END,\n    finished_at  = CASE WHEN :restart!::boolean THEN NULL ELSE backfill_files.finished_at END,\n    updated_at   = now()\nRETURNING lines_done AS \"lines_done!\", finished_at"};

/**
 * Query generated from SQL:
 * ```
 * -- Records a file as being loaded; a file started before keeps its progress (and a re-read of a
 * -- finished one starts over only when the caller says so with `restart`).
 * INSERT INTO backfill_files (file_key, path, size_bytes)
 * VALUES (:fileKey!, :path!, :sizeBytes!)
 * ON CONFLICT (file_key) DO UPDATE SET
 *     path         = EXCLUDED.path,
 *     lines_done   = CASE WHEN :restart!::boolean THEN 0 ELSE backfill_files.lines_done END,
 *     posts_done   = CASE WHEN :restart!::boolean THEN 0 ELSE backfill_files.posts_done END,
 *     finished_at  = CASE WHEN :restart!::boolean THEN NULL ELSE backfill_files.finished_at END,
 *     updated_at   = now()
 * RETURNING lines_done AS "lines_done!", finished_at
 * ```
 */
export const startBackfillFile = new PreparedQuery<IStartBackfillFileParams,IStartBackfillFileResult>(startBackfillFileIR);


/** 'AdvanceBackfillFile' parameters type */
export interface IAdvanceBackfillFileParams {
  fileKey: string;
  finished: boolean;
  linesDone: NumberOrString;
  posts: NumberOrString;
  windowFrom?: DateOrString | null | void;
  windowTo?: DateOrString | null | void;
}

/** 'AdvanceBackfillFile' return type */
export type IAdvanceBackfillFileResult = void;

/** 'AdvanceBackfillFile' query type */
export interface IAdvanceBackfillFileQuery {
  params: IAdvanceBackfillFileParams;
  result: IAdvanceBackfillFileResult;
}

const advanceBackfillFileIR: any = {"usedParamSet":{"linesDone":true,"posts":true,"windowFrom":true,"windowTo":true,"finished":true,"fileKey":true},"params":[{"name":"linesDone","required":true,"transform":{"type":"scalar"},"locs":[{"a":133,"b":143}]},{"name":"posts","required":true,"transform":{"type":"scalar"},"locs":[{"a":177,"b":183}]},{"name":"windowFrom","required":false,"transform":{"type":"scalar"},"locs":[{"a":231,"b":241},{"a":350,"b":360}]},{"name":"windowTo","required":false,"transform":{"type":"scalar"},"locs":[{"a":296,"b":304}]},{"name":"finished","required":true,"transform":{"type":"scalar"},"locs":[{"a":444,"b":453}]},{"name":"fileKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":531,"b":539}]}],"statement":"-- Committed with the posts and scores of those lines: a re-run continues after `linesDone`.\nUPDATE backfill_files\nSET lines_done  = :linesDone!,\n    posts_done  = posts_done + :posts!::bigint,\n    window_from = least(window_from, :windowFrom::timestamptz),\n    window_to   = greatest(window_to, :windowTo::timestamptz),\n    refreshed_at = CASE WHEN :windowFrom::timestamptz IS NULL THEN refreshed_at ELSE NULL END,\n    finished_at = CASE WHEN :finished!::boolean THEN now() ELSE NULL END,\n    updated_at  = now()\nWHERE file_key = :fileKey!"};

/**
 * Query generated from SQL:
 * ```
 * -- Committed with the posts and scores of those lines: a re-run continues after `linesDone`.
 * UPDATE backfill_files
 * SET lines_done  = :linesDone!,
 *     posts_done  = posts_done + :posts!::bigint,
 *     window_from = least(window_from, :windowFrom::timestamptz),
 *     window_to   = greatest(window_to, :windowTo::timestamptz),
 *     refreshed_at = CASE WHEN :windowFrom::timestamptz IS NULL THEN refreshed_at ELSE NULL END,
 *     finished_at = CASE WHEN :finished!::boolean THEN now() ELSE NULL END,
 *     updated_at  = now()
 * WHERE file_key = :fileKey!
 * ```
 */
export const advanceBackfillFile = new PreparedQuery<IAdvanceBackfillFileParams,IAdvanceBackfillFileResult>(advanceBackfillFileIR);


/** 'UnrefreshedBackfillWindow' parameters type */
export type IUnrefreshedBackfillWindowParams = void;

/** 'UnrefreshedBackfillWindow' return type */
export interface IUnrefreshedBackfillWindowResult {
  as_of: Date;
  file_keys: stringArray;
  window_from: Date | null;
  window_to: Date | null;
}

/** 'UnrefreshedBackfillWindow' query type */
export interface IUnrefreshedBackfillWindowQuery {
  params: IUnrefreshedBackfillWindowParams;
  result: IUnrefreshedBackfillWindowResult;
}

const unrefreshedBackfillWindowIR: any = {"usedParamSet":{},"params":[],"statement":"-- The created_at range of everything backfilled (by any run, finished or not) that the aggregates\n-- have not been refreshed over since.\nSELECT min(window_from) AS window_from, max(window_to) AS window_to,\n       coalesce(array_agg(file_key), '{}') AS \"file_keys!\", now() AS \"as_of!\"\nFROM backfill_files\nWHERE refreshed_at IS NULL AND window_from IS NOT NULL"};

/**
 * Query generated from SQL:
 * ```
 * -- The created_at range of everything backfilled (by any run, finished or not) that the aggregates
 * -- have not been refreshed over since.
 * SELECT min(window_from) AS window_from, max(window_to) AS window_to,
 *        coalesce(array_agg(file_key), '{}') AS "file_keys!", now() AS "as_of!"
 * FROM backfill_files
 * WHERE refreshed_at IS NULL AND window_from IS NOT NULL
 * ```
 */
export const unrefreshedBackfillWindow = new PreparedQuery<IUnrefreshedBackfillWindowParams,IUnrefreshedBackfillWindowResult>(unrefreshedBackfillWindowIR);


/** 'MarkBackfillRefreshed' parameters type */
export interface IMarkBackfillRefreshedParams {
  asOf: DateOrString;
  fileKeys: stringArray;
}

/** 'MarkBackfillRefreshed' return type */
export type IMarkBackfillRefreshedResult = void;

/** 'MarkBackfillRefreshed' query type */
export interface IMarkBackfillRefreshedQuery {
  params: IMarkBackfillRefreshedParams;
  result: IMarkBackfillRefreshedResult;
}

const markBackfillRefreshedIR: any = {"usedParamSet":{"fileKeys":true,"asOf":true},"params":[{"name":"fileKeys","required":true,"transform":{"type":"scalar"},"locs":[{"a":68,"b":77}]},{"name":"asOf","required":true,"transform":{"type":"scalar"},"locs":[{"a":106,"b":111}]}],"statement":"UPDATE backfill_files SET refreshed_at = now()\nWHERE file_key = ANY(:fileKeys!::text[]) AND updated_at <= :asOf!::timestamptz"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE backfill_files SET refreshed_at = now()
 * WHERE file_key = ANY(:fileKeys!::text[]) AND updated_at <= :asOf!::timestamptz
 * ```
 */
export const markBackfillRefreshed = new PreparedQuery<IMarkBackfillRefreshedParams,IMarkBackfillRefreshedResult>(markBackfillRefreshedIR);


/** 'DecompressChunksBetween' parameters type */
export interface IDecompressChunksBetweenParams {
  from: DateOrString;
  to: DateOrString;
}

/** 'DecompressChunksBetween' return type */
export interface IDecompressChunksBetweenResult {
  decompressed: number;
}

/** 'DecompressChunksBetween' query type */
export interface IDecompressChunksBetweenQuery {
  params: IDecompressChunksBetweenParams;
  result: IDecompressChunksBetweenResult;
}

const decompressChunksBetweenIR: any = {"usedParamSet":{"from":true,"to":true},"params":[{"name":"from","required":true,"transform":{"type":"scalar"},"locs":[{"a":130,"b":135}]},{"name":"to","required":true,"transform":{"type":"scalar"},"locs":[{"a":151,"b":154}]}],"statement":"-- A bulk writer about to write into [from, to] (migration 0011 says why it decompresses first).\nSELECT decompress_chunks_between(:from!::timestamptz, :to!::timestamptz) AS \"decompressed!\""};

/**
 * Query generated from SQL:
 * ```
 * -- A bulk writer about to write into [from, to] (migration 0011 says why it decompresses first).
 * SELECT decompress_chunks_between(:from!::timestamptz, :to!::timestamptz) AS "decompressed!"
 * ```
 */
export const decompressChunksBetween = new PreparedQuery<IDecompressChunksBetweenParams,IDecompressChunksBetweenResult>(decompressChunksBetweenIR);



/** Types generated for queries found in "db/queries/migrations.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type NumberOrString = number | string;

/** 'TakeMigrationLock' parameters type */
export interface ITakeMigrationLockParams {
  key: NumberOrString;
}

/** 'TakeMigrationLock' return type */
export interface ITakeMigrationLockResult {
  locked: string;
}

/** 'TakeMigrationLock' query type */
export interface ITakeMigrationLockQuery {
  params: ITakeMigrationLockParams;
  result: ITakeMigrationLockResult;
}

const takeMigrationLockIR: any = {"usedParamSet":{"key":true},"params":[{"name":"key","required":true,"transform":{"type":"scalar"},"locs":[{"a":29,"b":33}]}],"statement":"SELECT pg_advisory_xact_lock(:key!::bigint)::text AS \"locked!\""};

/**
 * Query generated from SQL:
 * ```
 * SELECT pg_advisory_xact_lock(:key!::bigint)::text AS "locked!"
 * ```
 */
export const takeMigrationLock = new PreparedQuery<ITakeMigrationLockParams,ITakeMigrationLockResult>(takeMigrationLockIR);


/** 'AppliedMigrations' parameters type */
export type IAppliedMigrationsParams = void;

/** 'AppliedMigrations' return type */
export interface IAppliedMigrationsResult {
  applied_at: Date;
  checksum: string;
  name: string;
  version: number;
}

/** 'AppliedMigrations' query type */
export interface IAppliedMigrationsQuery {
  params: IAppliedMigrationsParams;
  result: IAppliedMigrationsResult;
}

const appliedMigrationsIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version"};

/**
 * Query generated from SQL:
 * ```
 * SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version
 * ```
 */
export const appliedMigrations = new PreparedQuery<IAppliedMigrationsParams,IAppliedMigrationsResult>(appliedMigrationsIR);


/** 'RecordMigration' parameters type */
export interface IRecordMigrationParams {
  checksum: string;
  durationMs: number;
  name: string;
  version: number;
}

/** 'RecordMigration' return type */
export type IRecordMigrationResult = void;

/** 'RecordMigration' query type */
export interface IRecordMigrationQuery {
  params: IRecordMigrationParams;
  result: IRecordMigrationResult;
}

const recordMigrationIR: any = {"usedParamSet":{"version":true,"name":true,"checksum":true,"durationMs":true},"params":[{"name":"version","required":true,"transform":{"type":"scalar"},"locs":[{"a":77,"b":85}]},{"name":"name","required":true,"transform":{"type":"scalar"},"locs":[{"a":88,"b":93}]},{"name":"checksum","required":true,"transform":{"type":"scalar"},"locs":[{"a":96,"b":105}]},{"name":"durationMs","required":true,"transform":{"type":"scalar"},"locs":[{"a":108,"b":119}]}],"statement":"INSERT INTO schema_migrations (version, name, checksum, duration_ms)\nVALUES (:version!, :name!, :checksum!, :durationMs!)"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO schema_migrations (version, name, checksum, duration_ms)
 * VALUES (:version!, :name!, :checksum!, :durationMs!)
 * ```
 */
export const recordMigration = new PreparedQuery<IRecordMigrationParams,IRecordMigrationResult>(recordMigrationIR);



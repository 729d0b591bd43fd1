/* @name takeMigrationLock */
SELECT pg_advisory_xact_lock(:key!::bigint)::text AS "locked!";

/* @name appliedMigrations */
SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version;

/* @name recordMigration */
INSERT INTO schema_migrations (version, name, checksum, duration_ms)
VALUES (:version!, :name!, :checksum!, :durationMs!);

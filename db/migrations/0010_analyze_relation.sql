-- ANALYZE of one relation by name, for the embedded engine's stand-in for autovacuum
-- (db/maintenance.ts). The engine has no statistics collector to say which tables changed, and a
-- database-wide ANALYZE holds its one thread for seconds at a million posts (5.3 s measured), so
-- the app analyzes the tables that changed one statement at a time, and readers get the engine
-- between them. A function because a statement cannot take a table name as a parameter. NULL (a
-- chunk dropped since it was listed) is nothing to do.
CREATE FUNCTION analyze_relation(relation regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF relation IS NULL THEN
        RETURN;
    END IF;
    EXECUTE format('ANALYZE %s', relation);
END
$$;

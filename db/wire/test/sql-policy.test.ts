// The port's statement policy, on Postgres' own parse trees: what each mode lets through, what it
// refuses (with which SQLSTATE), and the texts a lexer-by-hand gets wrong (issue #14).
import { beforeAll, describe, expect, it } from 'vitest';
import { judgeSql, loadSqlParser, type PortMode } from '../sql-policy.ts';

beforeAll(() => loadSqlParser());

const code = (sql: string, mode: PortMode = 'read-only') => judgeSql(sql, mode).refusal?.code ?? 'ok';

describe('COPY FROM STDIN, refused in every form', () => {
  it.each([
    'COPY models FROM STDIN',
    'copy models from stdin with (format csv)',
    'SELECT 1; --x\rCOPY models FROM STDIN', // Postgres ends a -- comment at \r too
    'SELECT 1; /* a /* nested */ comment */ COPY models FROM STDIN',
    "SELECT E'it\\'s'; COPY models FROM STDIN",
    'SELECT $q$ $$ $q$; COPY models FROM STDIN',
    '  \n\tCoPy "models" (version) FROM stdin',
    'EXPLAIN SELECT 1; COPY models FROM STDIN',
  ])('refuses %j in both modes', (sql) => {
    expect(code(sql)).toBe('0A000');
    expect(code(sql, 'read-write')).toBe('0A000');
  });

  it.each([
    "SELECT 'COPY models FROM STDIN'",
    'SELECT 1 -- COPY models FROM STDIN',
    '/* COPY models FROM STDIN */ SELECT 1',
    'SELECT $$COPY models FROM STDIN$$',
    'COPY (SELECT 1) TO STDOUT',
    'COPY models TO STDOUT',
  ])('lets %j through in read-only mode', (sql) => expect(code(sql)).toBe('ok'));

  it('refuses COPY with a server-side file or program (the engine files are its data directory)', () => {
    expect(code("COPY models TO '/tmp/x'", 'read-write')).toBe('42501');
    expect(code("COPY models FROM '/tmp/x'", 'read-write')).toBe('42501');
    expect(code("COPY models TO PROGRAM 'ls'", 'read-write')).toBe('42501');
  });
});

describe('read-only mode', () => {
  it.each([
    'SELECT * FROM subreddit_seriousness_hourly',
    'WITH x AS (SELECT 1) SELECT * FROM x',
    'EXPLAIN ANALYZE SELECT 1',
    'SHOW search_path',
    'SET search_path = public',
    "SET TIME ZONE 'Europe/Paris'",
    "SET DateStyle = 'SQL, DMY'",
    'BEGIN',
    'BEGIN READ ONLY',
    'START TRANSACTION ISOLATION LEVEL REPEATABLE READ',
    'COMMIT',
    'ROLLBACK',
    'DECLARE c CURSOR FOR SELECT 1',
    'FETCH 10 FROM c',
    'CLOSE ALL',
    'DISCARD ALL',
    'RESET ALL',
    'UNLISTEN *',
    'VALUES (1)',
    'TABLE models',
    "SELECT set_config('search_path', 'public', false)",
  ])('lets %j through', (sql) => expect(code(sql)).toBe('ok'));

  it.each([
    'INSERT INTO posts VALUES (1)',
    'DELETE FROM models',
    'CREATE TABLE t (a int)',
    'DROP TABLE models',
    'WITH x AS (DELETE FROM models RETURNING *) SELECT * FROM x',
    'EXPLAIN ANALYZE DELETE FROM models',
    'SELECT 1 INTO t2',
    'BEGIN READ WRITE',
    'START TRANSACTION READ WRITE',
    'SET TRANSACTION READ WRITE',
    'SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE',
    'SET default_transaction_read_only = off',
    'RESET default_transaction_read_only',
    "SELECT set_config('default_transaction_read_only', 'off', false)",
    'DO $$ BEGIN INSERT INTO models VALUES (1); END $$',
    'CALL refresh_continuous_aggregate(NULL, NULL, NULL)',
    'VACUUM',
  ])('refuses %j as a write (25006)', (sql) => expect(code(sql)).toBe('25006'));

  it("lets asyncpg's reset-on-release DO block through, and no other", () => {
    const asyncpgReset = `
        DO $$
        BEGIN
            PERFORM * FROM pg_listening_channels() LIMIT 1;
            IF FOUND THEN
                UNLISTEN *;
            END IF;
        END;
        $$;`;
    expect(code(`SELECT pg_advisory_unlock_all();\nCLOSE ALL;\n${asyncpgReset}\nRESET ALL;`)).toBe('ok');
    expect(judgeSql(asyncpgReset, 'read-only')).toMatchObject({ touchesSession: true });
    expect(code(asyncpgReset.replace('UNLISTEN *', 'UNLISTEN *; PERFORM 1'))).toBe('25006');
  });
});

describe('both modes', () => {
  it.each([
    ['SET ROLE analyst', '42501'],
    ['RESET ROLE', '42501'],
    ['SET SESSION AUTHORIZATION analyst', '42501'],
    ['SET session_replication_role = replica', '42501'],
    ["SELECT set_config('role', 'analyst', false)", '42501'],
    ["SELECT pg_catalog.set_config('session_authorization', 'analyst', false)", '42501'],
    ["SELECT set_config(current_user, 'x', false)", '42501'],
    ['SET standard_conforming_strings = off', '0A000'],
    ["SELECT set_config('standard_conforming_strings', 'off', false)", '0A000'],
    ['LISTEN pgboss', '0A000'],
    ['CREATE TEMP TABLE models AS SELECT * FROM models WHERE false', '0A000'],
    ['CREATE TEMPORARY TABLE posts (id text)', '0A000'],
    ['CREATE TABLE pg_temp.posts (id text)', '0A000'],
    ['SELECT 1 INTO TEMP t', '0A000'],
    ['CREATE TEMP VIEW v AS SELECT 1', '0A000'],
    ['DECLARE c CURSOR WITH HOLD FOR SELECT 1', '0A000'],
    ['PREPARE p AS SELECT 1', '0A000'],
    ['EXECUTE p', '0A000'],
    ["LOAD 'timescaledb'", '42501'],
    ["ALTER SYSTEM SET work_mem = '1MB'", '42501'],
    ['ALTER DATABASE postgres SET search_path = x', '42501'],
    ["SELECT lo_export(1, '/tmp/x')", '42501'],
    ["PREPARE TRANSACTION 'x'", '0A000'],
  ])('refuses %j (%s)', (sql, sqlstate) => {
    expect(code(sql, 'read-write')).toBe(sqlstate);
    expect(code(sql, 'read-only')).not.toBe('ok');
  });

  it('lets read-write mode write, and says which statements change the session', () => {
    expect(code('INSERT INTO t VALUES (1)', 'read-write')).toBe('ok');
    expect(code('CREATE TABLE t (a int)', 'read-write')).toBe('ok');
    expect(code('SET default_transaction_read_only = off', 'read-write')).toBe('ok');
    expect(judgeSql('SELECT 1', 'read-write')).toMatchObject({ touchesSession: false, statements: 1 });
    expect(judgeSql('SET work_mem = 1024', 'read-only')).toMatchObject({ touchesSession: true });
    expect(judgeSql('SET LOCAL work_mem = 1024', 'read-only')).toMatchObject({ touchesSession: false });
    expect(judgeSql('RESET ALL', 'read-only')).toMatchObject({ resetsClientSettings: true });
    expect(judgeSql('DISCARD ALL', 'read-only')).toMatchObject({ resetsClientSettings: true });
  });

  it('finds the name DEALLOCATE gives (to make it the client’s own), and what drops every statement', () => {
    expect(judgeSql('DEALLOCATE _pg3_0', 'read-only').deallocate).toEqual({ name: '_pg3_0', location: 11 });
    expect(judgeSql('DEALLOCATE PREPARE "a b"', 'read-only').deallocate).toEqual({
      name: 'a b',
      location: 19,
    });
    expect(judgeSql('DEALLOCATE PREPARE ALL', 'read-only')).toMatchObject({
      dropsPreparedStatements: true,
      deallocate: null,
    });
    expect(judgeSql('SELECT 1; DISCARD ALL', 'read-write')).toMatchObject({ dropsPreparedStatements: true });
    expect(judgeSql('DISCARD PLANS', 'read-write').dropsPreparedStatements).toBe(false);
    expect(judgeSql('SELECT 1; DEALLOCATE x', 'read-write').refusal?.code).toBe('0A000');
  });

  it('answers a syntax error as Postgres does, with the position in characters', () => {
    expect(judgeSql('SELEC 1', 'read-only').refusal).toEqual({
      code: '42601',
      message: 'syntax error at or near "SELEC"',
      position: 1,
    });
    expect(judgeSql("SELECT 'é' FRM x", 'read-only').refusal).toMatchObject({ code: '42601', position: 16 });
  });

  it('lets an empty or comment-only query through (the engine answers EmptyQueryResponse)', () => {
    expect(judgeSql('', 'read-only')).toMatchObject({ refusal: null, statements: 0 });
    expect(judgeSql('-- nothing', 'read-only')).toMatchObject({ refusal: null, statements: 0 });
  });
});

// TimescaleDB 2.23 runs on Postgres 15, 16 and 17, and a server may be any of them; the embedded
// engine is 17. So the repo's SQL may use nothing that Postgres 15 lacks (issue #15: the chaos
// invariant called pg_input_is_valid, from 16, and failed on a Postgres 15 server). This reads
// every SQL text in the repo — migrations, typed queries, the benchmarks' — for the functions and
// syntax that came in 16 or 17. The list is Postgres' release notes', for what SQL here could use.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SKIP = new Set(['node_modules', '.git', '.data', '.svelte-kit', 'build', 'test-results']);

const NEWER_THAN_15: { name: string; pattern: RegExp; since: number }[] = [
  { name: 'pg_input_is_valid()', pattern: /\bpg_input_is_valid\s*\(/i, since: 16 },
  { name: 'pg_input_error_info()', pattern: /\bpg_input_error_info\s*\(/i, since: 16 },
  { name: 'any_value()', pattern: /\bany_value\s*\(/i, since: 16 },
  { name: 'IS JSON', pattern: /\bIS\s+(NOT\s+)?JSON\b/i, since: 16 },
  { name: 'JSON_ARRAY() constructor (json_object() is older)', pattern: /\bjson_array\s*\(/i, since: 16 },
  { name: 'random_normal()', pattern: /\brandom_normal\s*\(/i, since: 16 },
  { name: 'date_add() / date_subtract()', pattern: /\bdate_(add|subtract)\s*\(/i, since: 16 },
  {
    name: 'JSON_TABLE / JSON_QUERY / JSON_VALUE / JSON_EXISTS',
    pattern: /\bjson_(table|query|value|exists)\s*\(/i,
    since: 17,
  },
  { name: 'MERGE … RETURNING', pattern: /\bMERGE\b[\s\S]*?\bRETURNING\b/i, since: 17 },
  { name: 'to_bin() / to_oct()', pattern: /\bto_(bin|oct)\s*\(/i, since: 17 },
];

function sqlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sqlFiles(full);
    return entry.name.endsWith('.sql') ? [full] : [];
  });
}

/** The SQL text without its comments, so that a comment may name what it avoids. */
function withoutComments(sql: string): string {
  return sql.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/--[^\n\r]*/g, ' ');
}

describe('SQL that Postgres 15 can run', () => {
  const files = sqlFiles(ROOT);

  it('finds the SQL files (migrations, typed queries, benchmarks)', () => {
    const dirs = new Set(files.map((file) => path.relative(ROOT, path.dirname(file))));
    expect(dirs).toContain(path.join('db', 'migrations'));
    expect(dirs).toContain(path.join('db', 'queries'));
  });

  it('uses no function or syntax that came after Postgres 15', () => {
    const found = files.flatMap((file) => {
      const sql = withoutComments(fs.readFileSync(file, 'utf8'));
      return NEWER_THAN_15.filter(({ pattern }) => pattern.test(sql)).map(
        ({ name, since }) => `${path.relative(ROOT, file)}: ${name} (Postgres ${since})`,
      );
    });
    expect(found).toEqual([]);
  });

  it('would have caught the chaos invariant’s pg_input_is_valid', () => {
    const sql = withoutComments(
      `SELECT 1 WHERE pg_input_is_valid(payload, 'jsonb') -- not pg_input_is_valid`,
    );
    expect(NEWER_THAN_15.filter(({ pattern }) => pattern.test(sql)).map(({ name }) => name)).toEqual([
      'pg_input_is_valid()',
    ]);
  });
});

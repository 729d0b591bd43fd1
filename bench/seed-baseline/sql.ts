// The seed baseline's SQL: plain .sql files next to this module, read once, always run with
// bound parameters ($1, $2, …), never with values spliced in. (The product's queries live in
// db/queries/ and go through pgtyped; this baseline targets another engine — Postgres 15 without
// TimescaleDB — and another schema, so it keeps its few statements here instead.)
import fs from 'node:fs';
import path from 'node:path';
import type { Queryable } from '../../db/engine/types.ts';

const cache = new Map<string, string>();

export type SeedStatement =
  | 'insert-posts'
  | 'insert-scores'
  | 'rollup-lock'
  | 'rollup-watermark'
  | 'rollup-hourly'
  | 'rollup-all-time'
  | 'record-run'
  | 'observe-hourly'
  | 'observe-all-time'
  | 'observe-landed'
  | 'count-rows';

export function statement(name: SeedStatement): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = fs.readFileSync(path.join(import.meta.dirname, 'sql', `${name}.sql`), 'utf8');
    cache.set(name, text);
  }
  return text;
}

export function run<Row>(db: Queryable, name: SeedStatement, values: readonly unknown[] = []) {
  return db.query<Row>(statement(name), values);
}

export const schemaSql = () => fs.readFileSync(path.join(import.meta.dirname, 'schema.sql'), 'utf8');

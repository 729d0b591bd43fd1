// The subreddit-name rule is written once for code (db/subreddit-name.ts) and once for the schema
// (the posts table's CHECK): they must say the same, and the database must agree with both.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedDatabase } from '../engine/embedded.ts';
import { SUBREDDIT_NAME, SUBREDDIT_NAME_PART } from '../subreddit-name.ts';
import { openMigratedEmbedded } from '../../test/template-db.ts';

const MIGRATION = path.join(import.meta.dirname, '..', 'migrations', '0002_posts.sql');

describe('the subreddit-name rule', () => {
  let db: EmbeddedDatabase;
  beforeAll(async () => {
    db = await openMigratedEmbedded();
  });
  afterAll(() => db.close());

  it("is the posts table's CHECK, character for character", () => {
    const check = /posts_subreddit_format CHECK \(subreddit ~ '([^']+)'\)/.exec(
      fs.readFileSync(MIGRATION, 'utf8'),
    );
    expect(check?.[1]).toBe(SUBREDDIT_NAME.source);
  });

  it('accepts and refuses the same names as the database', async () => {
    const names = [
      'ab',
      'AskScience',
      'a_b_9',
      'x',
      '',
      'has space',
      'r/foo',
      'é_é',
      'a'.repeat(21),
      'a'.repeat(22),
    ];
    for (const name of names) {
      const { rows } = await db.query<{ ok: boolean }>(
        `SELECT $1 ~ (SELECT substring(pg_get_constraintdef(oid) FROM '''(.*)''') FROM pg_constraint
                       WHERE conname = 'posts_subreddit_format' LIMIT 1) AS ok`,
        [name],
      );
      expect(SUBREDDIT_NAME.test(name), name).toBe(rows[0]?.ok);
    }
    expect(SUBREDDIT_NAME_PART.test('')).toBe(true);
    expect(SUBREDDIT_NAME_PART.test('Ask')).toBe(true);
    expect(SUBREDDIT_NAME_PART.test('a'.repeat(22))).toBe(false);
  });
});

// `npm run backfill` as a user runs it: killed with SIGKILL in the middle and run again (it
// continues; nothing lost, nothing stored twice, the aggregates equal the raw rows), and run while
// `npm start` holds the data directory (the running app does the work).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { deadLettersByReason } from '../../db/queries/test/chaos.queries.ts';
import { activeModelAccounting } from '../../db/queries/test/checks.queries.ts';
import { postsFromJson } from '../../ingest/backfill/records.ts';
import { killChildren, psql, startApp } from '../../test/app-process.ts';
import { spawnNode } from '../../test/node-process.ts';
import { compareCaggs } from '../../test/pipeline-invariant.ts';
import { requireTools } from '../../test/system-tools.ts';

const DATA = path.resolve(import.meta.dirname, '../../../shared/data/reddit-posts');
const DUMP = path.join(DATA, 'pushshift-science-technology-2019', 'science-technology-01.jsonl');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seriousness-backfill-'));

afterAll(() => {
  killChildren();
  fs.rmSync(root, { recursive: true, force: true });
});

/** What the dump holds: distinct good posts, and bad records (kept as dead letters). */
function expectedFrom(file: string): { posts: number; bad: number } {
  const ids = new Set<string>();
  let bad = 0;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const result = postsFromJson(JSON.parse(line));
      for (const post of result.posts) ids.add(post.id);
      bad += result.rejected.length;
    } catch {
      bad++;
    }
  }
  return { posts: ids.size, bad };
}

function backfill(dataDir: string, args: string[]) {
  return spawnNode(['app/backfill.ts', ...args], {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    LOG_LEVEL: 'debug',
  });
}

describe('npm run backfill', () => {
  it('continues after a SIGKILL: every post stored and scored once, bad records kept once, aggregates exact', async () => {
    const dataDir = path.join(root, 'killed');
    const killed = backfill(dataDir, ['--batch-size', '500', DUMP]);
    // Killed once a few batches have committed, with more to come.
    await killed.waitFor(/"linesDone":(1[5-9]\d\d|[2-9]\d\d\d)\b/, 120_000);
    killed.child.kill('SIGKILL');
    await killed.exited;

    const rerun = backfill(dataDir, ['--batch-size', '500', DUMP]);
    expect(await rerun.exited).toBe(0);
    expect(rerun.output()).toMatch(/"resumeAfterLine":\d+/);
    expect(rerun.output()).toMatch(/aggregates refreshed over \d+ week/);

    const expected = expectedFrom(DUMP);
    const db = await openDatabase({ dataDir });
    try {
      const [accounting] = await activeModelAccounting.run(undefined, db);
      expect(accounting).toEqual({
        posts: expected.posts,
        scored: expected.posts,
        score_rows: expected.posts,
        counted: expected.posts,
      });
      const letters = await deadLettersByReason.run(undefined, db);
      expect(letters.reduce((n, r) => n + r.count, 0)).toBe(expected.bad);
      const problems: string[] = [];
      await compareCaggs(db, problems);
      expect(problems).toEqual([]);
    } finally {
      await db.close();
    }
  });

  const tools = requireTools('psql');
  it.skipIf(tools.skipReason !== undefined)(
    tools.title('hands the work to `npm start` when it holds the data directory'),
    async () => {
      const dataDir = path.join(root, 'running');
      const app = startApp({ DATA_DIR: dataDir, INGEST: 'off' });
      const port = await app.readyPort();
      const file = path.join(DATA, 'kaggle-top-50-subreddits-2024', 'mixed-02.jsonl');
      const run = backfill(dataDir, [file]);
      expect(await run.exited).toBe(0);
      expect(run.output()).toContain('the backfill runs there');
      const expected = expectedFrom(file);
      expect(run.output()).toContain(`${expected.posts} new posts`);
      // Scored and counted in the all-time view the moment the command returns.
      expect(await psql(port, 'SELECT count(*) FROM posts')).toBe(String(expected.posts));
      expect(await psql(port, 'SELECT sum(post_count) FROM subreddit_seriousness_all_time')).toBe(
        String(expected.posts),
      );
      // The same files again: already loaded, nothing to do.
      const again = backfill(dataDir, [file]);
      expect(await again.exited).toBe(0);
      expect(again.output()).toContain('(1 already loaded)');
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    },
  );
});

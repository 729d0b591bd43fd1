// The benchmarks' data: a real embedded data directory filled with real corpus texts scored by the
// committed model, the policies run, kept for re-runs.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbedded } from '../../../db/engine/embedded.ts';
import { apiActiveModel, apiSubredditSummaries } from '../../../db/queries/api.queries.ts';
import { loadCorpus } from '../../../model/data/corpus-texts.ts';
import { defaultModelPath } from '../../../model/registry/models.ts';
import { ensureScoredDataDir, scoredPostsDir, scoredSubredditNames } from '../scored-posts.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scored-test-'));
const spec = { posts: 2_000, subreddits: 40, days: 3 };
const quiet = () => undefined;
// Each test boots and migrates a real engine on disk, fills it and runs the policies: ~25 s on an
// idle 2-core box, more when other suites share it.
const SLOW = 240_000;

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('a data directory of scored posts', () => {
  it(
    'holds every post, scored by the committed model, in the hourly, daily and all-time figures',
    async () => {
      const filled = await ensureScoredDataDir(spec, quiet, root);
      expect(filled.reused).toBe(false);
      expect(filled.dataDir).toBe(path.join(scoredPostsDir(spec, root), 'pgdata'));
      expect(filled.record.policies.map((p) => p.job).join(' ')).toMatch(
        /subreddit_seriousness_hourly.*subreddit_seriousness_daily.*vacuum/,
      );
      const committed = createHash('sha256').update(fs.readFileSync(defaultModelPath)).digest('hex');
      expect(filled.record.modelVersion).toBe(committed);

      const db = await openEmbedded({ dataDir: filled.dataDir });
      try {
        const [active] = await apiActiveModel.run(undefined, db);
        expect(active?.version).toBe(committed);
        const summaries = await apiSubredditSummaries.run({ modelVersion: committed, now: new Date() }, db);
        expect(summaries.map((s) => s.subreddit).sort()).toEqual(
          scoredSubredditNames(spec.subreddits).sort(),
        );
        expect(summaries.every((s) => s.post_count === spec.posts / spec.subreddits)).toBe(true);

        // The all-time mean is the mean of the raw scores: the caggs were refreshed exactly.
        const name = summaries[7]!.subreddit;
        const { rows } = await db.query<{ mean: number }>(
          'SELECT avg(seriousness)::float8 AS mean FROM post_scores WHERE subreddit = $1',
          [name],
        );
        expect(summaries[7]!.seriousness_mean).toBeCloseTo(rows[0]!.mean, 9);

        // Real texts, spread over the days asked for, ending just before the fill.
        const titles = new Set(loadCorpus().map((p) => p.title));
        const sample = await db.query<{ title: string }>('SELECT title FROM posts ORDER BY id LIMIT 200');
        expect(sample.rows.every((r) => titles.has(r.title))).toBe(true);
        const span = await db.query<{ oldest: Date; newest: Date }>(
          'SELECT min(created_at) AS oldest, max(created_at) AS newest FROM posts',
        );
        const { oldest, newest } = span.rows[0]!;
        expect((newest.getTime() - oldest.getTime()) / 86_400_000).toBeCloseTo(spec.days, 2);
        // The newest post is one spacing (span / posts) before "a minute before the fill".
        const behind = Date.parse(filled.record.filledAt) - newest.getTime();
        expect(behind).toBeGreaterThanOrEqual(60_000);
        expect(behind).toBeLessThanOrEqual(60_000 + (spec.days * 86_400_000) / spec.posts + 1);
      } finally {
        await db.close();
      }
    },
    SLOW,
  );

  it(
    'is reused by the next run, and filled again when an earlier fill did not finish',
    async () => {
      const first = await ensureScoredDataDir(spec, quiet, root);
      const again = await ensureScoredDataDir(spec, quiet, root);
      expect(again.reused).toBe(true);
      expect(again.record.filledAt).toBe(first.record.filledAt);

      fs.rmSync(path.join(scoredPostsDir(spec, root), 'fill.json'));
      const refilled = await ensureScoredDataDir(spec, quiet, root);
      expect(refilled.reused).toBe(false);
      const db = await openEmbedded({ dataDir: refilled.dataDir });
      try {
        const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM posts');
        expect(rows[0]!.n).toBe(spec.posts);
      } finally {
        await db.close();
      }
    },
    SLOW,
  );
});

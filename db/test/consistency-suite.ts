// Readers of a TimescaleDB server while the aggregates are refreshed (issue #15): a refresh policy
// that commits batch by batch, newest first, moved the watermark before older buckets were
// materialised, and 1,191 of 1,195 concurrent reads saw a partial total. Every read here, from a
// second session while a refresh runs in the first, must see the whole total. On the embedded
// engine (one session) the reads fall between a refresh's statements, never inside one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../engine/types.ts';
import { refreshSeriousness } from '../maintenance.ts';
import { policyJobs, runJob } from '../queries/maintenance.queries.ts';
import { allTimePostTotal, hourlyPostTotal } from '../queries/test/checks.queries.ts';
import {
  insertPostScores,
  insertPosts,
  redditId,
  type TestPost,
  type TestScore,
} from '../../test/fixtures.ts';
import { seededRandom } from '../../test/random.ts';

export interface TwoSessions {
  /** A migrated database with its jobs off the background scheduler, and a second session on it. */
  first: Database;
  second: Database;
  close(): Promise<void>;
}

const DAY = 86_400_000;
const POSTS = 40_000;

/** POSTS posts over the last 60 days, each scored by one model. */
function history(now: number): { posts: TestPost[]; scores: TestScore[] } {
  const random = seededRandom(15);
  const posts: TestPost[] = Array.from({ length: POSTS }, (_, i) => ({
    id: redditId(500_000 + i),
    createdAt: new Date(now - Math.floor(random() * 60 * DAY)),
    subreddit: ['askscience', 'Jokes', 'worldnews'][i % 3]!,
    title: `history ${i}`,
  }));
  return { posts, scores: posts.map((post) => ({ post, modelVersion: 'model-a', seriousness: random() })) };
}

/** Reads both totals from `reader` until `work` settles; returns every total seen. */
async function readWhile(reader: Database, work: Promise<unknown>): Promise<number[]> {
  let done = false;
  const finished = work.finally(() => {
    done = true;
  });
  const seen: number[] = [];
  while (!done) {
    seen.push((await hourlyPostTotal.run(undefined, reader))[0]!.total);
    seen.push((await allTimePostTotal.run(undefined, reader))[0]!.total);
  }
  await finished;
  return seen;
}

export function describeConsistencySuite(engineName: string, open: () => Promise<TwoSessions>): void {
  describe(`readers during refreshes on ${engineName}`, () => {
    let sessions: TwoSessions;
    beforeAll(async () => {
      sessions = await open();
      const { posts, scores } = history(Date.now());
      for (let i = 0; i < POSTS; i += 5_000) {
        await insertPosts(sessions.first, posts.slice(i, i + 5_000));
        await insertPostScores(sessions.first, scores.slice(i, i + 5_000));
      }
    }, 300_000);
    afterAll(async () => sessions.close());

    it('never see a partial total while the refresh policies run', async () => {
      const { first, second } = sessions;
      for (const job of await policyJobs.run(undefined, first)) {
        if (job.proc_name !== 'policy_refresh_continuous_aggregate') continue;
        const seen = await readWhile(second, runJob.run({ jobId: job.job_id }, first));
        expect(seen.length).toBeGreaterThan(0);
        expect(seen.filter((total) => total !== POSTS)).toEqual([]);
      }
    }, 300_000);

    it('never see a partial total while refreshSeriousness settles a window', async () => {
      const { first, second } = sessions;
      const now = Date.now();
      const seen = await readWhile(
        second,
        refreshSeriousness(first, new Date(now - 61 * DAY), new Date(now)),
      );
      expect(seen.filter((total) => total !== POSTS)).toEqual([]);
    }, 300_000);
  });
}

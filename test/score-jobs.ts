// The posts named by the score queue's jobs, whatever their shape (a page's worth, or one post),
// for tests that check "each new post has exactly one pending score" without caring how the
// writer grouped them into jobs.
import type { PgBoss } from 'pg-boss';
import { postsOfScoreJob, QUEUES, type ScorePost } from '../db/boss.ts';

export async function queuedScorePosts(boss: PgBoss): Promise<ScorePost[]> {
  const jobs = await boss.findJobs<unknown>(QUEUES.score, { limit: 100_000 });
  return jobs.flatMap((job) => {
    const posts = postsOfScoreJob(job.data);
    if ('error' in posts) throw new Error(`score job ${job.id} does not parse: ${posts.error}`);
    return posts;
  });
}

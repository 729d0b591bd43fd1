// pg-boss in the same Postgres as the data: what the pipeline relies on, on each engine.
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoss } from '../boss.ts';
import type { AnyDatabase } from '../open.ts';
import { countPosts } from '../queries/test/checks.queries.ts';
import { insertPosts, redditId } from '../../test/fixtures.ts';
import { waitFor } from '../../test/wait.ts';

export function describeBossSuite(engineName: string, openMigrated: () => Promise<AnyDatabase>): void {
  describe(`pg-boss on ${engineName}`, () => {
    let db: AnyDatabase;
    let boss: PgBoss;
    beforeAll(async () => {
      db = await openMigrated();
      boss = createBoss(db);
      boss.on('error', (error) => console.error('pg-boss error in test', error));
      await boss.start();
    });
    afterAll(async () => {
      await boss.stop({ graceful: false, timeout: 5_000 });
      await db.close();
    });

    it('commits a job with the row inserted in the same transaction, and drops both on rollback', async () => {
      await boss.createQueue('tx-test', { partition: true });
      const committed = { id: redditId(1), createdAt: new Date(), subreddit: 'Boss', title: 'kept' };
      const jobId = await db.transaction(async (tx) => {
        await insertPosts(tx, [committed]);
        return boss.send('tx-test', { postId: committed.id }, { db: tx });
      });
      expect(jobId).toBeTypeOf('string');

      const before = (await countPosts.run(undefined, db))[0]!.count;
      await expect(
        db.transaction(async (tx) => {
          await insertPosts(tx, [{ ...committed, id: redditId(2), title: 'rolled back' }]);
          await boss.send('tx-test', { postId: redditId(2) }, { db: tx });
          throw new Error('abort after enqueue');
        }),
      ).rejects.toThrow('abort after enqueue');
      expect((await countPosts.run(undefined, db))[0]!.count).toBe(before);

      const jobs = await boss.fetch<{ postId: string }>('tx-test', { batchSize: 10 });
      expect(jobs.map((j) => j.data.postId)).toEqual([committed.id]);
      await boss.complete(
        'tx-test',
        jobs.map((j) => j.id),
      );
    });

    it('works jobs in batches', async () => {
      await boss.createQueue('batch-test', { partition: true, notify: true });
      await boss.insert(
        'batch-test',
        Array.from({ length: 50 }, (_, i) => ({ data: { n: i } })),
      );
      const batchSizes: number[] = [];
      const seen = new Set<number>();
      const workerId = await boss.work<{ n: number }>(
        'batch-test',
        // On a notify queue the idle poll is a 30 s backstop: without burstWhenBatchFull a worker
        // takes one batch per NOTIFY and leaves the backlog waiting.
        { batchSize: 20, burstWhenBatchFull: true },
        async (jobs) => {
          batchSizes.push(jobs.length);
          for (const job of jobs) seen.add(job.data.n);
        },
      );
      await waitFor('50 jobs worked', async () => (seen.size === 50 ? true : undefined));
      await boss.offWork('batch-test', { id: workerId, wait: true });
      expect(Math.max(...batchSizes)).toBeGreaterThan(1);
      expect(batchSizes.every((n) => n <= 20)).toBe(true);
    });

    it('retries a failed job, then dead-letters it once its retries are exhausted', async () => {
      await boss.createQueue('dlq-test-dead', { partition: true });
      await boss.createQueue('dlq-test', {
        partition: true,
        retryLimit: 1,
        retryDelay: 0,
        deadLetter: 'dlq-test-dead',
      });
      await boss.createQueue('retry-test', { partition: true, retryLimit: 2, retryDelay: 0 });

      // Fails once, then succeeds on the retry.
      await boss.send('retry-test', { flaky: true });
      let attempts = 0;
      const retryWorker = await boss.work('retry-test', { pollingIntervalSeconds: 0.5 }, async () => {
        attempts++;
        if (attempts === 1) throw new Error('transient failure');
      });
      await waitFor('retry to succeed', async () => (attempts >= 2 ? true : undefined));
      await boss.offWork('retry-test', { id: retryWorker, wait: true });
      const [retried] = await boss.findJobs<object>('retry-test', {});
      expect(retried?.state).toBe('completed');
      expect(retried?.retryCount).toBe(1);

      // Always fails: retried once, then copied to the dead-letter queue with its payload.
      await boss.send('dlq-test', { poison: 'post-123' });
      const poisonWorker = await boss.work('dlq-test', { pollingIntervalSeconds: 0.5 }, async () => {
        throw new Error('cannot score this post');
      });
      const dead = await waitFor('dead letter', async () => {
        const jobs = await boss.fetch<{ poison: string }>('dlq-test-dead');
        return jobs.length > 0 ? jobs : undefined;
      });
      await boss.offWork('dlq-test', { id: poisonWorker, wait: true });
      expect(dead.map((j) => j.data.poison)).toEqual(['post-123']);
      const [failed] = await boss.findJobs<object>('dlq-test', {});
      expect(failed?.state).toBe('failed');
    });
  });
}

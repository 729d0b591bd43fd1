// A re-score settles the aggregates over the history it wrote as it goes (scorer/rescore.ts), so
// that an unfinished walk leaves no refresh behind for a policy to do in one long statement (after
// a restart, 25 s of the embedded engine at 1 M posts).
import { pino } from 'pino';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoss, ensureQueues } from '../../db/boss.ts';
import type { EmbeddedDatabase } from '../../db/engine/embedded.ts';
import { refreshSeriousness } from '../../db/maintenance.ts';
import { caggAllTime } from '../../db/queries/test/checks.queries.ts';
import { activateModel, ModelCache } from '../../model/registry/models.ts';
import { openMigratedEmbedded } from '../../test/template-db.ts';
import { rescoreStep } from '../rescore.ts';
import { startScorer } from '../service.ts';
import {
  makePosts,
  queueSize,
  storeWithJobs,
  testScorerConfig,
  waitUntil,
  writeVariantModel,
} from './helpers.ts';

const log = pino({ level: 'silent' });
const DAY = 86_400_000;
let db: EmbeddedDatabase;
let boss: PgBoss;

beforeAll(async () => {
  db = await openMigratedEmbedded();
  boss = createBoss(db);
  await boss.start();
  await ensureQueues(boss);
});
afterAll(async () => {
  await boss.stop({ graceful: false, timeout: 5_000 });
  await db.close();
});

async function allTimeCount(version: string): Promise<number> {
  const rows = (await caggAllTime.run(undefined, db)).filter((r) => r.model_version === version);
  return rows.reduce((sum, r) => sum + r.post_count, 0);
}

describe('re-scoring history', () => {
  it('settles the aggregates over what each step re-scored, before the walk ends', async () => {
    // History from 90 days ago, scored by the active model, then settled: the aggregates'
    // watermarks are past it, so real-time aggregation no longer shows rows written there.
    const newest = Date.now() - 90 * DAY;
    await storeWithJobs(db, boss, makePosts(300, 0, newest));
    const scorer = await startScorer({ db, boss, config: testScorerConfig, log });
    await waitUntil('the history to be scored', async () => (await queueSize(boss)) === 0);
    await scorer.stop();
    await refreshSeriousness(db, new Date(newest - DAY), new Date());

    const { version, outcome } = await activateModel(db, writeVariantModel());
    expect(outcome).toBe('rescoring');
    const models = new ModelCache(db, 100);
    try {
      const progress = await rescoreStep(db, models, 50, log, { maxChunks: 4, refreshEveryPosts: 100 });
      expect(progress).toMatchObject({ version, done: 200, finished: false });
      // The 200 posts walked so far count in the new model's figures already.
      expect(await allTimeCount(version)).toBe(200);
    } finally {
      await models.close();
    }
  });
});

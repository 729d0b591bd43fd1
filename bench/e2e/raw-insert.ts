// The engines' limits: a raw batched INSERT of the same kind of rows the pipelines write (a post
// and its score each, 1,000 per transaction), with nothing else running.
//  - ours: the product schema through test/fixtures.ts, on a fresh embedded engine (and on the
//    server TimescaleDB when one is measured);
//  - the seed: its own schema on Postgres 15, through the seed consumers' insert statements. The
//    seed's rollups are then timed on those rows (spread over one hour), which bounds the rate at
//    which one rollup run still fits in its interval.
import path from 'node:path';
import type { Database } from '../../db/engine/types.ts';
import { openEmbedded } from '../../db/engine/embedded.ts';
import { openServer } from '../../db/engine/server.ts';
import { migrate } from '../../db/migrate.ts';
import { makeActive, registerModel } from '../../db/queries/scorer.queries.ts';
import { insertPostScores, insertPosts, type TestPost } from '../../test/fixtures.ts';
import { insertPostRows, insertScoreRows, type PostMessage } from '../seed-baseline/consumers.ts';
import { openSeedDatabase, recreateDatabase } from '../seed-baseline/database.ts';
import { runRollup } from '../seed-baseline/rollups.ts';
import { schemaSql } from '../seed-baseline/sql.ts';
import { config } from './config.ts';
import { dataRoot } from './ours.ts';
import { log } from './stage.ts';
import { postSequence, postTexts } from './tracker.ts';

const RAW_BATCH = 1000;

/** RAW_POSTS rows in batches of 1,000, created over the last hour (ids unique per index). */
function* batches(): Generator<TestPost[]> {
  const text = postTexts(postSequence(config.postSeed));
  const now = Date.now();
  const n = config.rawPosts;
  for (let offset = 0; offset < n; offset += RAW_BATCH) {
    const posts: TestPost[] = [];
    for (let i = offset; i < Math.min(n, offset + RAW_BATCH); i++) {
      const t = text();
      posts.push({
        id: (200_000_000 + i).toString(36),
        createdAt: new Date(now - Math.round(((n - i) / n) * 3_500_000)),
        subreddit: config.subreddits[i % config.subreddits.length] ?? 'bench',
        title: t.title,
        selftext: t.selftext,
      });
    }
    yield posts;
  }
}

const rate = (started: number) => config.rawPosts / ((performance.now() - started) / 1000);

async function productRawRate(db: Database, engine: string): Promise<number> {
  await migrate(db);
  const version = 'bench-e2e-raw';
  await registerModel.run({ version, path: '/dev/null', card: '{}', onnx: Buffer.from(version) }, db);
  await makeActive.run({ version }, db);
  const started = performance.now();
  let j = 0;
  for (const posts of batches()) {
    await db.transaction(async (tx) => {
      await insertPosts(tx, posts);
      await insertPostScores(
        tx,
        posts.map((post) => ({ post, modelVersion: version, seriousness: (j++ % 100) / 100 })),
      );
    });
  }
  const r = rate(started);
  log(`raw batched INSERT (${engine}): ${config.rawPosts} posts + scores at ${Math.round(r)} posts/s`);
  return r;
}

export async function rawInsertEmbedded(): Promise<number> {
  const db = await openEmbedded({ dataDir: path.join(dataRoot, 'raw-pgdata') });
  try {
    return await productRawRate(db, 'embedded');
  } finally {
    await db.close();
  }
}

export async function rawInsertServer(url: string): Promise<number> {
  const db = await openServer({ connectionString: url, max: 2 });
  try {
    return await productRawRate(db, 'server TimescaleDB');
  } finally {
    await db.close();
  }
}

export interface SeedRawResult {
  postsPerSecond: number;
  /** One hourly rollup run over RAW_POSTS rows in one hour, and one all-time run. */
  hourlyRollupSeconds: number;
  allTimeRollupSeconds: number;
  /** Scores per second the hourly model rebuilds: its run over one hour at R posts/s takes 3600·R / this. */
  hourlyRollupRowsPerSecond: number;
}

export async function rawInsertPg15(): Promise<SeedRawResult> {
  const url = await recreateDatabase(config.seed.serverUrl, config.seed.database);
  const db = await openSeedDatabase(url, 2);
  try {
    await db.exec(schemaSql());
    const version = 'bench-e2e-raw';
    const started = performance.now();
    let j = 0;
    for (const posts of batches()) {
      const messages: PostMessage[] = posts.map((p) => ({
        id: p.id,
        createdAt: p.createdAt.toISOString(),
        subreddit: p.subreddit,
        author: 'tester',
        title: p.title,
        selftext: p.selftext ?? '',
        url: `https://www.reddit.com/r/${p.subreddit}/comments/${p.id}/`,
        domain: `self.${p.subreddit}`,
        isSelf: true,
        score: 1,
        numComments: 0,
      }));
      // Posts and scores in one transaction each, as the two seed consumers write them.
      await insertPostRows(db, messages);
      await insertScoreRows(
        db,
        messages.map((m) => ({
          postId: m.id,
          createdAt: m.createdAt,
          subreddit: m.subreddit,
          modelVersion: version,
          seriousness: (j++ % 100) / 100,
        })),
      );
    }
    const postsPerSecond = rate(started);
    log(
      `raw batched INSERT (Postgres 15, seed schema): ${config.rawPosts} posts + scores at ${Math.round(postsPerSecond)} posts/s`,
    );
    await db.exec('ANALYZE');
    const hourly = await runRollup(db, 'hourly', 'bench');
    const allTime = await runRollup(db, 'all-time', 'bench');
    log(
      `seed rollups over ${config.rawPosts} scores: hourly ${hourly.seconds.toFixed(2)} s, all-time ${allTime.seconds.toFixed(2)} s`,
    );
    return {
      postsPerSecond,
      hourlyRollupSeconds: hourly.seconds,
      allTimeRollupSeconds: allTime.seconds,
      hourlyRollupRowsPerSecond: config.rawPosts / hourly.seconds,
    };
  } finally {
    await db.close();
  }
}

// Shared set-up of the API tests: the app on a real HTTP port (0), and a small, exactly known data
// set written through the same typed queries ingest and the scorer use.
import { pino } from 'pino';
import type { PgBoss } from 'pg-boss';
import type { AnyDatabase } from '../../db/open.ts';
import { insertPostScores, insertPosts, redditId, type TestPost } from '../../test/fixtures.ts';
import { makeActive, registerModel } from '../../db/queries/scorer.queries.ts';
import type { ModelCache } from '../../model/registry/models.ts';
import { defaultApiConfig, type ApiConfig } from '../config.ts';
import { startApi, type ApiServer } from '../server.ts';

export const silentLog = pino({ level: 'silent' });

export function startTestApi(
  db: AnyDatabase,
  options: { models?: ModelCache; boss?: PgBoss; config?: Partial<ApiConfig> } = {},
): Promise<ApiServer> {
  return startApi({
    db,
    models: options.models,
    boss: options.boss,
    // Answers reused until their data changes, as in `npm start`: each test must still see what
    // it just wrote (the data-changes feed says when).
    config: { ...defaultApiConfig, ...options.config },
    log: silentLog,
  });
}

export const ACTIVE = 'v-active-test';
export const OLD = 'v-old-test';

const HOUR = 3600_000;

/** The start of the current UTC hour when the data was made. */
export const H = Math.floor(Date.now() / HOUR) * HOUR;

export interface Dataset {
  /** AskScience posts, newest first (scored and not). */
  askPosts: TestPost[];
  emptyHour: number;
}

/**
 * AskScience: 2 posts an hour, 1..40 hours ago except 5 hours ago (an empty hour); 0.8 in the last
 * 23 hours, 0.6 before; plus one fresh post not scored yet, and old-model scores of 0 that must not
 * show. Jokes: 10 posts 2 hours ago at 0.1. worldnews: 5 posts 10 days ago at 0.5. OnlyOld: scored
 * only by the old model (not tracked for the served one).
 */
export async function loadDataset(db: AnyDatabase): Promise<Dataset> {
  for (const version of [ACTIVE, OLD]) {
    await registerModel.run({ version, path: '/dev/null', card: '{}', onnx: Buffer.from(version) }, db);
  }
  await makeActive.run({ version: ACTIVE }, db);
  let n = 0;
  const post = (subreddit: string, createdAt: number): TestPost => ({
    id: redditId(n++),
    createdAt: new Date(createdAt),
    subreddit,
    title: `Post ${n} of r/${subreddit}, "quoted", with a comma`,
  });
  const scores: { post: TestPost; modelVersion: string; seriousness: number }[] = [];
  const ask: TestPost[] = [];
  for (let k = 1; k <= 40; k++) {
    if (k === 5) continue;
    for (const minute of [10, 40]) {
      const p = post('AskScience', H - k * HOUR + minute * 60_000);
      ask.push(p);
      scores.push({ post: p, modelVersion: ACTIVE, seriousness: k <= 23 ? 0.8 : 0.6 });
      scores.push({ post: p, modelVersion: OLD, seriousness: 0 });
    }
  }
  const unscored = post('AskScience', Date.now() - 1_000);
  const jokes = Array.from({ length: 10 }, (_, i) => post('Jokes', H - 2 * HOUR + i * 60_000));
  for (const p of jokes) scores.push({ post: p, modelVersion: ACTIVE, seriousness: 0.1 });
  const world = Array.from({ length: 5 }, (_, i) => post('worldnews', H - 240 * HOUR + i * 60_000));
  for (const p of world) scores.push({ post: p, modelVersion: ACTIVE, seriousness: 0.5 });
  const onlyOld = post('OnlyOld', H - 3 * HOUR);
  scores.push({ post: onlyOld, modelVersion: OLD, seriousness: 0.3 });

  await insertPosts(db, [...ask, unscored, ...jokes, ...world, onlyOld]);
  await insertPostScores(db, scores);
  const askPosts = [unscored, ...ask].sort(
    (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1),
  );
  return { askPosts, emptyHour: H - 5 * HOUR };
}

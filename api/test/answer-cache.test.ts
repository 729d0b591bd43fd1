// The API's answers are reused until the data they were read from changes (api/data.ts), on the
// engine `npm start` runs (the embedded engine on its own thread, with its psql port): every kind
// of change must reach the next answer — a score, a post, a refresh that settles rows behind the
// aggregates' watermark, a psql client's write, a model switch — and an unrelated change must not
// cost a read.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openHostedEmbedded, type HostedEmbeddedDatabase } from '../../db/host/hosted.ts';
import { watchDataChanges, type DataChangeFeed } from '../../db/data-changes.ts';
import { startMaintenance, type Maintenance } from '../../db/maintenance.ts';
import { migrate } from '../../db/migrate.ts';
import { makeActive } from '../../db/queries/scorer.queries.ts';
import { insertPostScores, insertPosts, redditId, type TestPost } from '../../test/fixtures.ts';
import { SubredditResponse, SubredditsResponse } from '../schemas.ts';
import type { ApiServer } from '../server.ts';
import { ACTIVE, OLD, loadDataset, startTestApi } from './harness.ts';

let db: HostedEmbeddedDatabase;
let api: ApiServer;
let maintenance: Maintenance;
let changes: DataChangeFeed | undefined;
let next = 10_000;

beforeAll(async () => {
  db = await openHostedEmbedded();
  await migrate(db);
  await loadDataset(db);
  // The app's maintenance loop, run by hand: it moves the watermarks, as `npm start` would.
  changes = await watchDataChanges(db);
  maintenance = startMaintenance(db, { tickMs: 2 ** 30, ...(changes ? { changes } : {}) });
  await maintenance.runAllNow();
  api = await startTestApi(db);
}, 60_000);

afterAll(async () => {
  await api?.close();
  await maintenance?.stop();
  await changes?.close();
  await db?.close();
});

/** GET `path`: its body, and whether the API reused the answer (its Server-Timing says). */
async function read(path: string) {
  const res = await fetch(api.url + path);
  expect(res.status, path).toBe(200);
  const timing = res.headers.get('server-timing') ?? '';
  const cache = /cache;desc="(hit|miss)"/.exec(timing)?.[1] ?? 'none';
  const statements = Number(/desc="(\d+) statements"/.exec(timing)?.[1]);
  return { body: await res.json(), cache, statements };
}

const subreddit = async (name: string) => {
  const { body, cache } = await read(`/subreddit/${name}`);
  return { answer: SubredditResponse.parse(body), cache };
};
const countOf = async (name: string) =>
  SubredditsResponse.parse((await read(`/subreddits?q=${name}`)).body).items.find((s) => s.name === name)
    ?.postCount;

async function scorePost(subreddit: string, createdAt: Date, seriousness: number): Promise<TestPost> {
  const post: TestPost = { id: redditId(next++), createdAt, subreddit, title: `fresh ${next}` };
  await insertPosts(db, [post]);
  await insertPostScores(db, [{ post, modelVersion: ACTIVE, seriousness }]);
  return post;
}

describe('answers reused until their data changes', () => {
  it("reuses a subreddit's answer, and reads it again right after a score for it commits", async () => {
    const first = await subreddit('AskScience');
    const again = await subreddit('AskScience');
    expect(again.cache).toBe('hit');
    expect(again.answer).toEqual(first.answer);

    // Another subreddit's write leaves this answer as it is.
    await scorePost('Jokes', new Date(), 0.2);
    expect((await subreddit('AskScience')).cache).toBe('hit');

    const post = await scorePost('AskScience', new Date(), 0.25);
    const after = await subreddit('AskScience');
    expect(after.cache).toBe('miss');
    expect(after.answer.allTime.postCount).toBe(first.answer.allTime.postCount + 1);
    expect(after.answer.posts.items[0]).toMatchObject({ id: post.id, seriousness: 0.25 });
    expect(await countOf('AskScience')).toBe(after.answer.allTime.postCount);
  });

  it('keeps /subreddits equal to the aggregates by adding what each commit announces, without reading them', async () => {
    await read('/subreddits?limit=1000');
    const hour = 3_600_000;
    for (let k = 0; k < 30; k++) {
      const subreddit = ['AskScience', 'Jokes', 'worldnews', 'BrandNew'][k % 4]!;
      // This hour, earlier today, yesterday, two days ago: every window of the summaries.
      await scorePost(subreddit, new Date(Date.now() - (k % 5) * 11 * hour), (k % 10) / 10);
    }
    const { body, statements } = await read('/subreddits?limit=1000');
    expect(statements).toBe(0);
    const served = SubredditsResponse.parse(body);
    const truth = await db.query<{ subreddit: string; post_count: number; mean: number }>(
      `SELECT subreddit, post_count::int, seriousness_mean::float8 AS mean
       FROM subreddit_seriousness_all_time WHERE model_version = $1`,
      [ACTIVE],
    );
    expect(served.items.map((s) => s.name).sort()).toEqual(truth.rows.map((r) => r.subreddit).sort());
    for (const row of truth.rows) {
      const item = served.items.find((s) => s.name === row.subreddit)!;
      expect(item.postCount, row.subreddit).toBe(row.post_count);
      expect(item.seriousnessMean, row.subreddit).toBeCloseTo(row.mean, 12);
    }
  });

  it('shows a post the moment it is stored, before it is scored', async () => {
    await subreddit('Jokes');
    const post: TestPost = {
      id: redditId(next++),
      createdAt: new Date(),
      subreddit: 'Jokes',
      title: 'unscored',
    };
    await insertPosts(db, [post]);
    const { answer, cache } = await subreddit('Jokes');
    expect(cache).toBe('miss');
    expect(answer.posts.items[0]).toMatchObject({ id: post.id, seriousness: null });
  });

  it('reads again after a refresh settles rows written behind the watermark, and only then', async () => {
    const before = await subreddit('worldnews');
    // Nine days old: behind both aggregates' watermarks, so only a refresh brings it into the figures.
    await scorePost('worldnews', new Date(Date.now() - 9 * 86_400_000), 0.9);
    await maintenance.runAllNow();
    const settled = await subreddit('worldnews');
    expect(settled.cache).toBe('miss');
    const [view] = (
      await db.query<{ post_count: number }>(
        `SELECT post_count::int FROM subreddit_seriousness_all_time
         WHERE subreddit = 'worldnews' AND model_version = $1`,
        [ACTIVE],
      )
    ).rows;
    expect(settled.answer.allTime.postCount).toBe(view!.post_count);
    expect(settled.answer.allTime.postCount).toBeGreaterThan(before.answer.allTime.postCount);
    expect(await countOf('worldnews')).toBe(settled.answer.allTime.postCount);
    // A refresh with nothing behind the watermark changes no answer: nothing is read again.
    await maintenance.runAllNow();
    expect((await subreddit('worldnews')).cache).toBe('hit');
  });

  it("costs no read when history is re-scored to a model not served; reads again when it is the served model's", async () => {
    // History: one post an hour for 150 hours, too many hours to list in one announcement.
    const posts: TestPost[] = Array.from({ length: 150 }, (_, i) => ({
      id: redditId(next++),
      createdAt: new Date(Date.now() - (3 + i) * 3_600_000),
      subreddit: 'AskScience',
      title: `history ${i}`,
    }));
    await insertPosts(db, posts);
    await subreddit('AskScience');
    await read('/subreddits');
    expect((await subreddit('AskScience')).cache).toBe('hit');
    expect((await read('/subreddits')).cache).toBe('hit');
    await insertPostScores(
      db,
      posts.map((post) => ({ post, modelVersion: 'model-being-rescored-to', seriousness: 0.5 })),
    );
    expect((await subreddit('AskScience')).cache).toBe('hit');
    expect((await read('/subreddits')).cache).toBe('hit');
    await insertPostScores(
      db,
      posts.map((post) => ({ post, modelVersion: ACTIVE, seriousness: 0.5 })),
    );
    const after = await subreddit('AskScience');
    expect(after.cache).toBe('miss');
    expect(after.answer.posts.items.find((p) => p.id === posts[0]!.id)?.seriousness).toBe(0.5);
  });

  it("reads again after a psql client's write in read-write mode, not after its reads", async () => {
    const wire = await db.startWirePort({ port: 0, transactionTimeoutMs: 10_000, mode: 'read-write' });
    const client = new pg.Client({ connectionString: wire.connectionString() });
    await client.connect();
    try {
      const before = await subreddit('Jokes');
      await client.query('SELECT count(*) FROM post_scores');
      expect((await subreddit('Jokes')).cache).toBe('hit');
      await client.query(
        `UPDATE post_scores SET seriousness = 1 WHERE subreddit = 'Jokes' AND model_version = $1`,
        [ACTIVE],
      );
      const after = await subreddit('Jokes');
      expect(after.cache).toBe('miss');
      // As the aggregates show it now (rows behind the watermark change there at the next refresh).
      const [view] = (
        await db.query<{ mean: number }>(
          `SELECT seriousness_mean::float8 AS mean FROM subreddit_seriousness_all_time
           WHERE subreddit = 'Jokes' AND model_version = $1`,
          [ACTIVE],
        )
      ).rows;
      expect(after.answer.allTime.seriousnessMean).toBeCloseTo(view!.mean, 12);
      expect(after.answer.allTime.seriousnessMean).not.toBe(before.answer.allTime.seriousnessMean);
    } finally {
      await client.end();
      await wire.close();
    }
  });

  it('moves the week series to a new hour without reading it again while nothing changed', async () => {
    const HOUR = 3_600_000;
    const hour = Math.floor(Date.now() / HOUR) * HOUR;
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(hour + HOUR - 2_000); // hh:59:58
      const before = await read('/subreddit/AskScience');
      vi.setSystemTime(hour + HOUR + 2_000); // the next hour
      const after = await read('/subreddit/AskScience');
      const [a, b] = [SubredditResponse.parse(before.body), SubredditResponse.parse(after.body)];
      expect(b.series.from).toBe(new Date(Date.parse(a.series.from) + HOUR).toISOString());
      expect(b.series.points.slice(0, -1)).toEqual(a.series.points.slice(1));
      expect(b.series.points.at(-1)).toMatchObject({ postCount: 0, seriousnessMean: null });
      expect(b.posts).toEqual(a.posts);
      // One statement: the all-time figures' 24-hour windows, read again for every subreddit at
      // once; not this subreddit's series, posts and scores (3 more).
      expect(after.statements).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('serves the new model from the moment it becomes active', async () => {
    expect(SubredditsResponse.parse((await read('/subreddits')).body).modelVersion).toBe(ACTIVE);
    await db.query(`UPDATE models SET status = 'retired' WHERE version = $1`, [ACTIVE]);
    await makeActive.run({ version: OLD }, db);
    const { body } = await read('/subreddits');
    expect(SubredditsResponse.parse(body).modelVersion).toBe(OLD);
    expect((await subreddit('OnlyOld')).answer.modelVersion).toBe(OLD);
  });

  it('reads every time with API_CACHE=off', async () => {
    const uncached = await startTestApi(db, { config: { cache: false } });
    try {
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${uncached.url}/subreddit/OnlyOld`);
        expect(res.status).toBe(200);
        expect(res.headers.get('server-timing')).not.toContain('cache;');
        expect(res.headers.get('server-timing')).toMatch(/desc="[1-9]\d* statements"/);
      }
    } finally {
      await uncached.close();
    }
  });
});

// The bulk path: NDJSON dumps (.zst, .gz, plain) and saved listings scored as they are loaded,
// written with their scores, counted in the aggregates at the end; bad records kept; a stopped run
// continued; a finished file skipped; a dump of history already compressed written after
// decompressing it. (A SIGKILLed run, continued: app/test/backfill-kill.test.ts.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../db/boss.ts';
import { queuedScorePosts } from '../../test/score-jobs.ts';
import { postsOfSubreddit, recentDeadLetters } from '../../db/queries/ingest.queries.ts';
import {
  activeModelAccounting,
  backfillFileStates,
  compressedChunksIn,
  configureCompression,
} from '../../db/queries/test/checks.queries.ts';
import { startMaintenance } from '../../db/maintenance.ts';
import { ensureActiveModel, ModelCache, type ModelInPlay } from '../../model/registry/models.ts';
import { compareCaggs } from '../../test/pipeline-invariant.ts';
import { backfillFiles } from '../backfill/backfill.ts';
import { formatProgress, type ProgressState } from '../backfill/progress.ts';
import { postsFromJson } from '../backfill/records.ts';
import { splitByWeeks } from '../backfill/scored-batch.ts';
import { openTestDb, type TestDb } from './helpers.ts';

const DATA = path.resolve(import.meta.dirname, '../../../shared/data');
const DAY = 86_400_000;
let t: TestDb;
let dir: string;
let models: ModelCache;
beforeAll(async () => {
  t = await openTestDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-backfill-'));
  await ensureActiveModel(t.db);
  models = new ModelCache(t.db, 60_000);
});
afterAll(async () => {
  await models.close();
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function submission(id: string, subreddit: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    subreddit,
    title: `title ${id}`,
    selftext: '',
    created_utc: 1_600_000_000 + (parseInt(id, 36) % 1000),
    author: 'a',
    score: 3,
    num_comments: 1,
    ...extra,
  };
}

async function jobCount(subreddit: string): Promise<number> {
  const posts = await queuedScorePosts(t.boss);
  return posts.filter((p) => p.subreddit === subreddit).length;
}

async function expectEveryPostScoredAndCounted(): Promise<void> {
  const [accounting] = await activeModelAccounting.run(undefined, t.db);
  expect(accounting!.scored).toBe(accounting!.posts);
  expect(accounting!.score_rows).toBe(accounting!.posts);
  expect(accounting!.counted).toBe(accounting!.posts);
  const problems: string[] = [];
  await compareCaggs(t.db, problems);
  expect(problems).toEqual([]);
}

function writeDump(name: string, lines: readonly unknown[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}

describe('backfillFiles', () => {
  it('loads a .zst dump scored, counts it in the aggregates, keeps its bad lines, and skips it once loaded', async () => {
    const lines = [
      JSON.stringify(submission('bf0001', 'BackfillZst')),
      JSON.stringify(submission('bf0002', 'BackfillZst', { created_utc: '1600000123' })),
      '{"id": "bf0003", "subreddit": "BackfillZst", "title": "cut short',
      JSON.stringify(submission('bf0004', 'BackfillZst', { created_utc: null })),
      JSON.stringify(submission('bf0005', 'u_Some-Person')),
      JSON.stringify({ kind: 't3', data: submission('bf0006', 'BackfillZst') }),
      '',
    ];
    const file = path.join(dir, 'RS_test.zst');
    fs.writeFileSync(file, zlib.zstdCompressSync(Buffer.from(lines.join('\n'))));

    const first = await backfillFiles({ db: t.db, boss: t.boss, models, files: [file] });
    expect(first).toMatchObject({
      records: 6,
      inserted: 3,
      updated: 0,
      scored: 3,
      queuedForScorer: 0,
      skipped: 1,
      deadLetters: 2,
      alreadyLoaded: 0,
      stopped: false,
    });
    expect(first.refreshedWeeks).toBeGreaterThan(0);
    const rows = await postsOfSubreddit.run({ subreddit: 'BackfillZst' }, t.db);
    expect(rows.map((r) => r.id).sort()).toEqual(['bf0001', 'bf0002', 'bf0006']);
    // Scored as loaded: no job per post for the scorer.
    expect(await jobCount('BackfillZst')).toBe(0);
    await expectEveryPostScoredAndCounted();
    const letters = await recentDeadLetters.run({ limit: 2 }, t.db);
    expect(letters.map((l) => [l.source, l.reason]).sort()).toEqual([
      ['backfill RS_test.zst:3', 'malformed-json'],
      ['backfill RS_test.zst:4', 'invalid-post'],
    ]);

    // Read to its end: a re-run skips it; --restart reads it again (updates, stores nothing twice).
    const again = await backfillFiles({ db: t.db, boss: t.boss, models, files: [file] });
    expect(again).toMatchObject({ alreadyLoaded: 1, records: 0, inserted: 0, updated: 0 });
    const restarted = await backfillFiles({ db: t.db, boss: t.boss, models, files: [file], restart: true });
    expect(restarted).toMatchObject({ alreadyLoaded: 0, inserted: 0, updated: 3, scored: 0 });
    expect(await postsOfSubreddit.run({ subreddit: 'BackfillZst' }, t.db)).toHaveLength(3);
    await expectEveryPostScoredAndCounted();
  });

  it('loads the shared real-posts .jsonl (as .gz) and a saved Reddit listing in one run, in batches', async () => {
    const jsonl = path.join(
      DATA,
      'reddit-posts',
      'pushshift-science-technology-2019',
      'science-technology-01.jsonl',
    );
    // 2,000 real lines are plenty (the whole file spans 2019: a chunk per week to create).
    const sample = fs.readFileSync(jsonl, 'utf8').split('\n').filter(Boolean).slice(0, 2000);
    const gz = path.join(dir, 'science.jsonl.gz');
    fs.writeFileSync(gz, zlib.gzipSync(Buffer.from(sample.join('\n') + '\n')));
    const listing = path.join(
      DATA,
      'reddit-api',
      'listings',
      'praw-2016-03-01-r_askreddit_new-test_new-1.json',
    );
    const progress: ProgressState[] = [];
    const summary = await backfillFiles({
      db: t.db,
      boss: t.boss,
      models,
      files: [gz, listing],
      batchSize: 500,
      onProgress: (s) => progress.push({ ...s }),
    });
    expect(summary.records).toBe(sample.length + 100);
    expect(summary.inserted + summary.updated + summary.deadLetters + summary.skipped).toBe(
      sample.length + 100,
    );
    expect(summary.inserted).toBeGreaterThan(1000);
    expect(summary.scored).toBe(summary.inserted);
    const loading = progress.filter((p) => p.phase === 'loading');
    expect(loading.at(-1)!.bytesBefore).toBe(loading.at(-1)!.allBytes);
    expect(progress.at(-1)!.phase).toBe('refreshing');
    const askreddit = await postsOfSubreddit.run({ subreddit: 'AskReddit' }, t.db);
    expect(askreddit.length).toBe(100);
    await expectEveryPostScoredAndCounted();
  });

  it('stops after the batch in flight when asked, and a re-run continues from the last committed line', async () => {
    const lines = Array.from({ length: 900 }, (_, i) =>
      submission(`st${i.toString(36).padStart(4, '0')}`, 'BackfillStop', {
        created_utc: 1_500_000_000 + i * 600,
      }),
    );
    const file = writeDump('stop.jsonl', lines);
    const stop = new AbortController();
    const first = await backfillFiles({
      db: t.db,
      boss: t.boss,
      models,
      files: [file],
      batchSize: 100,
      signal: stop.signal,
      onProgress: (s) => {
        if (s.inserted >= 200) stop.abort();
      },
    });
    expect(first.stopped).toBe(true);
    expect(first.inserted).toBeGreaterThanOrEqual(200);
    expect(first.inserted).toBeLessThan(900);
    const [state] = (await backfillFileStates.run(undefined, t.db)).filter((f) => f.path === file);
    expect(state).toMatchObject({ finished: false, refreshed: false });
    // Committed lines and committed posts agree: one transaction.
    expect(state!.posts_done).toBe(state!.lines_done);
    expect(state!.posts_done).toBe(first.inserted);

    const second = await backfillFiles({ db: t.db, boss: t.boss, models, files: [file], batchSize: 100 });
    expect(second.stopped).toBe(false);
    // Only what was not committed is read again: nothing stored twice, nothing missing.
    expect(second.records).toBe(900 - state!.lines_done);
    expect(second.inserted).toBe(900 - first.inserted);
    expect(second.updated).toBe(0);
    expect(await postsOfSubreddit.run({ subreddit: 'BackfillStop' }, t.db)).toHaveLength(900);
    const [done] = (await backfillFileStates.run(undefined, t.db)).filter((f) => f.path === file);
    expect(done).toMatchObject({ finished: true, refreshed: true, lines_done: 900, posts_done: 900 });
    await expectEveryPostScoredAndCounted();
  });

  it('stores posts a model cannot score and leaves them to the scorer', async () => {
    const [active] = await models.inPlay();
    const failing: { inPlay(): Promise<ModelInPlay[]> } = {
      inPlay: async () => [
        {
          ...active!,
          model: {
            ...active!.model,
            scoreBatch: async (posts) => {
              if (posts.some((p) => p.title.includes('poison'))) throw new Error('cannot score this one');
              return active!.model.scoreBatch(posts);
            },
          },
        },
      ],
    };
    const file = writeDump('poison.jsonl', [
      submission('ps0001', 'BackfillPoison'),
      submission('ps0002', 'BackfillPoison', { title: 'a poison post' }),
      submission('ps0003', 'BackfillPoison'),
    ]);
    const summary = await backfillFiles({ db: t.db, boss: t.boss, models: failing, files: [file] });
    expect(summary).toMatchObject({ inserted: 3, scored: 2, queuedForScorer: 1 });
    const queued = await queuedScorePosts(t.boss);
    expect(queued.filter((p) => p.subreddit === 'BackfillPoison').map((p) => p.postId)).toEqual(['ps0002']);
    // The scorer's part, done here by a re-read with the real model: every post is then scored.
    await t.boss.deleteAllJobs(QUEUES.score);
    const reread = await backfillFiles({ db: t.db, boss: t.boss, models, files: [file], restart: true });
    expect(reread).toMatchObject({ updated: 3, scored: 1 });
    await expectEveryPostScoredAndCounted();
  });

  it('writes history into compressed chunks by decompressing them first; they are compressed again once settled', async () => {
    const newest = Date.now() - 50 * DAY;
    const old = Array.from({ length: 50 }, (_, i) =>
      submission(`cz${i.toString(36).padStart(4, '0')}`, 'BackfillOld', {
        created_utc: Math.floor((newest - i * 3_600_000) / 1000),
      }),
    );
    await backfillFiles({
      db: t.db,
      boss: t.boss,
      models,
      files: [writeDump('old-1.jsonl', old.slice(0, 25))],
    });
    await configureCompression.run({ quiet: '0 seconds', maxRuntime: '1 hour' }, t.db);
    const maintenance = startMaintenance(t.db, { tickMs: 3_600_000 });
    try {
      await maintenance.runAllNow();
      const window = { from: new Date(newest - 2 * DAY), to: new Date(newest) };
      const compressed = async () =>
        (await compressedChunksIn.run({ hypertable: 'posts', ...window }, t.db))[0]!.count;
      expect(await compressed()).toBeGreaterThan(0);

      const second = await backfillFiles({
        db: t.db,
        boss: t.boss,
        models,
        files: [writeDump('old-2.jsonl', old.slice(25))],
      });
      expect(second).toMatchObject({ inserted: 25, scored: 25 });
      expect(await compressed()).toBe(0);
      expect(await postsOfSubreddit.run({ subreddit: 'BackfillOld' }, t.db)).toHaveLength(50);
      await expectEveryPostScoredAndCounted();
      await maintenance.runAllNow();
      expect(await compressed()).toBeGreaterThan(0);
    } finally {
      await maintenance.stop();
      await configureCompression.run({ quiet: '1 hour', maxRuntime: '500 milliseconds' }, t.db);
    }
  });

  it('cuts a batch spread over many weeks into transactions of at most 40 weeks (new chunks) each', () => {
    const posts = Array.from({ length: 300 }, (_, i) => {
      const [post] = postsFromJson(
        submission(`wk${i.toString(36).padStart(4, '0')}`, 'Weeks', {
          created_utc: 1_400_000_000 + i * 3 * 86_400,
        }),
      ).posts;
      return post!;
    });
    const batch = {
      posts,
      scores: posts.map((p) => ({
        postId: p.id,
        createdAt: p.createdAt,
        subreddit: p.subreddit,
        modelVersion: 'm',
        seriousness: 0.5,
      })),
      unscored: [posts[250]!],
      letters: [{ source: 'x', reason: 'malformed-json', context: {}, payload: '{' }],
      window: { from: posts[0]!.createdAt, to: posts.at(-1)!.createdAt },
    };
    const parts = splitByWeeks(batch, 40);
    const weeks = (part: (typeof parts)[number]) =>
      new Set(part.posts.map((p) => Math.floor(p.createdAt.getTime() / (7 * 86_400_000)))).size;
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) expect(weeks(part)).toBeLessThanOrEqual(40);
    expect(parts.flatMap((p) => p.posts)).toEqual(posts);
    expect(parts.flatMap((p) => p.scores)).toEqual(batch.scores);
    expect(parts.flatMap((p) => p.unscored)).toEqual(batch.unscored);
    expect(parts.map((p) => p.letters.length)).toEqual([...parts.slice(1).map(() => 0), 1]);
    expect(splitByWeeks({ ...batch, posts: posts.slice(0, 5) }, 40)).toHaveLength(1);
  });

  it('draws a progress bar with the rate and the time left, then the refresh', () => {
    const state: ProgressState = {
      phase: 'loading',
      file: 'RS_2024-01.zst',
      fileIndex: 2,
      fileCount: 2,
      bytesRead: 5 * 1_048_576,
      bytesBefore: 10 * 1_048_576,
      allBytes: 20 * 1_048_576,
      records: 1234,
      inserted: 1000,
      updated: 200,
      scored: 1000,
      deadLetters: 3,
      refresh: null,
      startedAt: 0,
    };
    expect(formatProgress(state, 30_000)).toBe(
      '█████████████████████░░░░░░░  75% 15.0/20.0 MB file 2/2 RS_2024-01.zst | 1,234 records, 1,000 new, ' +
        '200 seen, 1,000 scores, 3 bad | 40 posts/s, ETA 0:10',
    );
    expect(
      formatProgress({ ...state, phase: 'refreshing', refresh: { weeksDone: 3, weeks: 12 } }, 30_000),
    ).toBe(
      '███████░░░░░░░░░░░░░░░░░░░░░ refreshing the aggregates: week 3/12 | 1,234 records, 1,000 new, ' +
        '200 seen, 1,000 scores, 3 bad',
    );
  });
});

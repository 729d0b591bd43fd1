// Backfill through the poller's write path: NDJSON dumps (.zst, .gz, plain), saved listings, bad
// records, and a re-run that stores and enqueues nothing twice.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES, type ScoreJob } from '../../db/boss.ts';
import { postsOfSubreddit, recentDeadLetters } from '../../db/queries/ingest.queries.ts';
import { backfillFiles } from '../backfill/backfill.ts';
import { formatProgress } from '../backfill/progress.ts';
import { openTestDb, type TestDb } from './helpers.ts';

const DATA = path.resolve(import.meta.dirname, '../../../shared/data');
let t: TestDb;
let dir: string;
beforeAll(async () => {
  t = await openTestDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-backfill-'));
});
afterAll(async () => {
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
  const jobs = await t.boss.findJobs<ScoreJob>(QUEUES.score, { limit: 100_000 });
  return jobs.filter((j) => j.data.subreddit === subreddit).length;
}

describe('backfillFiles', () => {
  it('loads a .zst NDJSON dump, quarantines its bad lines, and is idempotent on re-run', async () => {
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

    const first = await backfillFiles({ db: t.db, boss: t.boss, files: [file] });
    expect(first).toMatchObject({ records: 6, inserted: 3, updated: 0, skipped: 1, deadLetters: 2 });
    const rows = await postsOfSubreddit.run({ subreddit: 'BackfillZst' }, t.db);
    expect(rows.map((r) => r.id)).toEqual(
      ['bf0001', 'bf0006', 'bf0002'].sort((a, b) => {
        const ra = rows.find((r) => r.id === a)?.created_at.getTime() ?? 0;
        const rb = rows.find((r) => r.id === b)?.created_at.getTime() ?? 0;
        return ra - rb || a.localeCompare(b);
      }),
    );
    expect(await jobCount('BackfillZst')).toBe(3);
    const letters = await recentDeadLetters.run({ limit: 2 }, t.db);
    expect(letters.map((l) => [l.source, l.reason]).sort()).toEqual([
      ['backfill RS_test.zst:3', 'malformed-json'],
      ['backfill RS_test.zst:4', 'invalid-post'],
    ]);

    const again = await backfillFiles({ db: t.db, boss: t.boss, files: [file] });
    expect(again).toMatchObject({ inserted: 0, updated: 3 });
    expect(await postsOfSubreddit.run({ subreddit: 'BackfillZst' }, t.db)).toHaveLength(3);
    expect(await jobCount('BackfillZst')).toBe(3);
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
    const expectedLines = sample.length;
    const progress: number[] = [];
    const summary = await backfillFiles({
      db: t.db,
      boss: t.boss,
      files: [gz, listing],
      batchSize: 500,
      onProgress: (s) => progress.push(s.bytesRead / Math.max(1, s.totalBytes)),
    });
    expect(summary.records).toBe(expectedLines + 100);
    expect(summary.inserted + summary.updated + summary.deadLetters + summary.skipped).toBe(
      expectedLines + 100,
    );
    expect(summary.inserted).toBeGreaterThan(1000);
    expect(progress.at(-1)).toBe(1);
    const askreddit = await postsOfSubreddit.run({ subreddit: 'AskReddit' }, t.db);
    expect(askreddit.length).toBe(100);
  });

  it('draws a progress bar', () => {
    const line = formatProgress(
      {
        file: 'RS_2024-01.zst',
        fileIndex: 1,
        fileCount: 2,
        bytesRead: 5 * 1_048_576,
        totalBytes: 10 * 1_048_576,
        records: 1234,
        inserted: 1000,
        updated: 200,
        deadLetters: 3,
        startedAt: 0,
      },
      2000,
    );
    expect(line).toBe(
      '██████████████░░░░░░░░░░░░░░  50% 5.0/10.0 MB file 1/2 RS_2024-01.zst | 1,234 records, 1,000 new, 200 seen, 3 bad | 600 posts/s',
    );
  });
});

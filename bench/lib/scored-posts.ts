// A database full of scored posts for the benchmarks that need one (api-latency.ts, scale.ts).
//
// The posts are real texts from the corpus (../shared/data/reddit-posts), spread evenly over
// `days` days up to the moment of the fill, across `subreddits` subreddits named after the
// corpus's 39 communities (`askscience`, `askscience_1`, …): each one's posts are texts from the
// community it is named after, scored by the committed model — the very model `npm start`
// activates, so a started app serves these scores and has nothing to re-score. Each distinct text
// is scored once; its score is reused wherever the text is.
//
// Posts are written oldest first, as a live poller writes them, through the same typed queries
// ingest and the scorer use (test/fixtures.ts, db/writes.ts). Then the policy jobs the migrations registered
// (cagg refreshes, compression) run once, plus ANALYZE of the changed tables and VACUUM: what the app's maintenance loop
// would have done by the time a live system held this much data (db/maintenance.ts).
//
// An embedded data directory is kept under os.tmpdir() keyed by its spec, with a `fill.json` next
// to it written only when the fill completed: a re-run reuses it; a directory without the marker
// (an interrupted fill) is deleted and filled again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../db/engine/types.ts';
import { openEmbedded } from '../../db/engine/embedded.ts';
import { startMaintenance } from '../../db/maintenance.ts';
import { migrate } from '../../db/migrate.ts';
import { insertPostScores, insertPosts, type TestPost } from '../../test/fixtures.ts';
import { loadCorpus, type CorpusPost } from '../../model/data/corpus-texts.ts';
import { loadModel } from '../../model/score/library.ts';
import { diskUsageBytes } from './disk-usage.ts';
import { defaultModelPath, ensureActiveModel, registerModelFile } from '../../model/registry/models.ts';

export interface ScoredPostsSpec {
  posts: number;
  subreddits: number;
  days: number;
}

export interface PolicyRun {
  job: string;
  durationMs: number;
}

/** What `fill.json` records: the spec, when the data ends, and how long the fill took. */
export interface FillRecord {
  spec: ScoredPostsSpec;
  modelVersion: string;
  /** The newest post's time is one minute before this. */
  filledAt: string;
  insertSeconds: number;
  postsPerSecond: number;
  policies: PolicyRun[];
  /**
   * pg_wal at the end of the fill, before closing: the embedded engine is a single-user Postgres,
   * which never checkpoints because of WAL volume (only a postmaster's checkpointer does), so the
   * log of the whole fill is on disk until the shutdown checkpoint recycles it.
   */
  walMiBBeforeClose?: number;
}

export interface FilledDataDir {
  dataDir: string;
  reused: boolean;
  record: FillRecord;
}

/** Posts per transaction (posts and their scores together, as the scorer commits them). */
const BATCH = 5_000;
/** Reddit-style 7-character base-36 ids: 36^6 is the first one. */
const FIRST_ID = 36 ** 6;
const MAX_SUBREDDIT_NAME = 21;
const PROGRESS_EVERY_MS = 10_000;

type Log = (line: string) => void;

/** Where the data directory of a spec lives (`<root>/bench-scored-…/pgdata`). */
export function scoredPostsDir(spec: ScoredPostsSpec, root: string = os.tmpdir()): string {
  return path.join(root, `bench-scored-${spec.posts}p-${spec.subreddits}s-${spec.days}d`);
}

/** The shell command that removes every filled directory under `root`. */
export function cleanCommand(root: string = os.tmpdir()): string {
  return `rm -rf ${path.join(root, 'bench-scored-*')}`;
}

interface Community {
  name: string;
  posts: CorpusPost[];
}

/** The corpus grouped by community (case-insensitively), in a fixed order. */
function communities(corpus: readonly CorpusPost[]): Community[] {
  const byKey = new Map<string, Community>();
  for (const post of corpus) {
    const key = post.subreddit.toLowerCase();
    const community = byKey.get(key) ?? { name: post.subreddit, posts: [] };
    community.posts.push(post);
    byKey.set(key, community);
  }
  return [...byKey.values()].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
}

/**
 * The first `count` benchmark subreddits: the corpus communities first, then numbered copies of
 * them (`name_1`, …; a long name is cut to leave room for its number, as Reddit allows 21
 * characters). Names are unique case-insensitively, as the database compares them.
 */
function benchSubreddits(
  list: readonly Community[],
  count: number,
): { name: string; community: Community }[] {
  const seen = new Set<string>();
  return Array.from({ length: count }, (_, k) => {
    const community = list[k % list.length]!;
    const copy = Math.floor(k / list.length);
    const suffix = copy === 0 ? '' : `_${copy}`;
    const name = `${community.name.slice(0, MAX_SUBREDDIT_NAME - suffix.length)}${suffix}`;
    if (seen.has(name.toLowerCase())) throw new Error(`benchmark subreddit name ${name} comes up twice`);
    seen.add(name.toLowerCase());
    return { name, community };
  });
}

/** The names of the first `count` benchmark subreddits (what wrk picks from). */
export function scoredSubredditNames(count: number): string[] {
  return benchSubreddits(communities(loadCorpus()), count).map((s) => s.name);
}

/**
 * Scores, once each with the committed model, the texts a fill of `perSubreddit` posts per
 * subreddit uses: the first `perSubreddit` of each community (all of them when it has fewer).
 */
async function scoreTexts(
  list: readonly Community[],
  perSubreddit: number,
  log: Log,
): Promise<Map<CorpusPost, number>> {
  const started = performance.now();
  const model = await loadModel(defaultModelPath);
  const scores = new Map<CorpusPost, number>();
  try {
    for (const community of list) {
      const texts = community.posts.slice(0, perSubreddit);
      const scored = await model.scoreBatch(
        texts.map((p) => ({ title: p.title, selftext: p.selftext, isSelf: true })),
      );
      texts.forEach((post, i) => scores.set(post, scored[i]!.seriousness));
    }
  } finally {
    await model.close();
  }
  log(`scored ${scores.size} corpus texts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return scores;
}

/**
 * Writes `spec.posts` scored posts into a migrated database whose active model is (or becomes) the
 * committed one, then runs the policy jobs and ANALYZE of the changed tables and VACUUM. Returns what fill.json records.
 */
export async function fillScoredPosts(db: Database, spec: ScoredPostsSpec, log: Log): Promise<FillRecord> {
  const list = communities(loadCorpus());
  const modelVersion = await registerModelFile(db, defaultModelPath);
  const active = await ensureActiveModel(db, defaultModelPath);
  if (active !== modelVersion) {
    throw new Error(`the database serves another model (${active.slice(0, 12)}): fill an empty one`);
  }
  const scores = await scoreTexts(list, Math.ceil(spec.posts / spec.subreddits), log);
  const subs = benchSubreddits(list, spec.subreddits);
  const filledAt = Date.now();
  const newest = filledAt - 60_000;
  const spanMs = spec.days * 86_400_000;
  const started = performance.now();
  let lastProgress = started;
  for (let offset = 0; offset < spec.posts; offset += BATCH) {
    const posts: TestPost[] = [];
    const seriousness: number[] = [];
    for (let i = offset; i < Math.min(spec.posts, offset + BATCH); i++) {
      const { name, community } = subs[i % spec.subreddits]!;
      const text = community.posts[Math.floor(i / spec.subreddits) % community.posts.length]!;
      posts.push({
        id: (FIRST_ID + i).toString(36),
        // Oldest first, evenly over the span, the newest a minute before the fill.
        createdAt: new Date(newest - spanMs + Math.floor((i / spec.posts) * spanMs)),
        subreddit: name,
        title: text.title,
        selftext: text.selftext,
        score: i % 500,
        numComments: i % 50,
      });
      seriousness.push(scores.get(text)!);
    }
    await db.transaction(async (tx) => {
      await insertPosts(tx, posts);
      await insertPostScores(
        tx,
        posts.map((post, j) => ({ post, modelVersion, seriousness: seriousness[j]! })),
      );
    });
    const done = Math.min(spec.posts, offset + BATCH);
    const now = performance.now();
    if (now - lastProgress >= PROGRESS_EVERY_MS || done === spec.posts) {
      lastProgress = now;
      const rate = done / ((now - started) / 1000);
      log(
        `fill ${spec.posts.toLocaleString('en-US')}: ${done.toLocaleString('en-US')} posts + scores ` +
          `(${Math.round((done / spec.posts) * 100)}%), ${Math.round(rate).toLocaleString('en-US')} rows/s, ` +
          `~${Math.round((spec.posts - done) / rate)} s to go`,
      );
    }
  }
  const insertSeconds = (performance.now() - started) / 1000;
  log(`running the policy jobs (cagg refreshes, compression) and ANALYZE of the changed tables and VACUUM…`);
  const maintenance = startMaintenance(db, { tickMs: 2 ** 30 });
  let events;
  try {
    events = await maintenance.runAllNow();
  } finally {
    await maintenance.stop();
  }
  const failed = events.find((e) => e.error);
  if (failed)
    throw new Error(`${failed.job} failed after the fill: ${failed.error?.message}`, { cause: failed.error });
  for (const e of events) log(`  ${e.job}: ${(e.durationMs / 1000).toFixed(1)} s`);
  return {
    spec,
    modelVersion,
    filledAt: new Date(filledAt).toISOString(),
    insertSeconds: Math.round(insertSeconds * 10) / 10,
    postsPerSecond: Math.round(spec.posts / insertSeconds),
    policies: events.map((e) => ({ job: e.job, durationMs: e.durationMs })),
  };
}

/** An embedded data directory holding `spec`, filled now or reused from an earlier complete fill. */
export async function ensureScoredDataDir(
  spec: ScoredPostsSpec,
  log: Log,
  root: string = os.tmpdir(),
): Promise<FilledDataDir> {
  const dir = scoredPostsDir(spec, root);
  const dataDir = path.join(dir, 'pgdata');
  const marker = path.join(dir, 'fill.json');
  if (fs.existsSync(marker)) {
    const record = JSON.parse(fs.readFileSync(marker, 'utf8')) as FillRecord;
    log(`reusing ${dataDir} (filled ${record.filledAt}; remove with: ${cleanCommand(root)})`);
    return { dataDir, reused: true, record };
  }
  if (fs.existsSync(dir)) {
    log(`${dir} has no fill.json (an interrupted fill): filling it again`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.mkdirSync(dir, { recursive: true });
  log(`filling ${dataDir} with ${spec.posts.toLocaleString('en-US')} scored posts…`);
  const db = await openEmbedded({ dataDir });
  let record: FillRecord;
  try {
    await migrate(db);
    record = await fillScoredPosts(db, spec, log);
    record.walMiBBeforeClose = Math.round(
      diskUsageBytes(path.join(db.engineDir ?? dataDir, 'pg_wal')) / 2 ** 20,
    );
    log(`pg_wal before close: ${record.walMiBBeforeClose.toLocaleString('en-US')} MiB`);
  } finally {
    await db.close();
  }
  fs.writeFileSync(marker, `${JSON.stringify(record, null, 2)}\n`);
  log(`filled; kept for re-runs (remove with: ${cleanCommand(root)})`);
  return { dataDir, reused: false, record };
}

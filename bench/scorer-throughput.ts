// `npm run bench:scorer`: the scoring worker's sustained throughput on the embedded engine, from a
// pre-filled queue (default 100,000 posts with real texts from ../shared/data/reddit-posts), and
// its ratio to the model library's raw batched throughput on the same posts (the ceiling: no
// database, no queue). Prints a table; the README quotes it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { QUEUES, createBoss, ensureQueues, scoreJobsOf } from '../db/boss.ts';
import { openEmbedded } from '../db/engine/embedded.ts';
import { migrate } from '../db/migrate.ts';
import { insertPosts, type TestPost } from '../test/fixtures.ts';
import { redditPostsDir } from '../model/config.ts';
import { loadModel, type PostInput } from '../model/score/library.ts';
import { loadScorerConfig } from '../scorer/config.ts';
import { startScorer } from '../scorer/service.ts';

const TOTAL = Number(process.env.POSTS ?? 100_000);

function realTexts(limit: number): { title: string; selftext: string; subreddit: string }[] {
  const texts: { title: string; selftext: string; subreddit: string }[] = [];
  const root = redditPostsDir();
  for (const folder of fs.readdirSync(root).sort()) {
    const dir = path.join(root, folder);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const file of fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()) {
      for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
        if (!line) continue;
        const post = JSON.parse(line) as { title: string; selftext: string | null; subreddit: string };
        texts.push({ title: post.title, selftext: post.selftext ?? '', subreddit: post.subreddit });
        if (texts.length >= limit) return texts;
      }
    }
  }
  return texts;
}

function progress(label: string, done: number, total: number): void {
  process.stderr.write(`\r${label}: ${done}/${total} (${Math.round((done / total) * 100)}%)   `);
  if (done >= total) process.stderr.write('\n');
}

const corpus = realTexts(80_000);
const posts: TestPost[] = Array.from({ length: TOTAL }, (_, i) => {
  const text = corpus[i % corpus.length]!;
  return {
    id: (10_000_000 + i).toString(36),
    createdAt: new Date(Date.now() - i * 1_000),
    subreddit: text.subreddit.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 21),
    title: text.title,
    selftext: text.selftext,
  };
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scorer-'));
const db = await openEmbedded({ dataDir: path.join(dir, 'pgdata') });
try {
  await migrate(db);
  const boss = createBoss(db);
  await boss.start();
  await ensureQueues(boss);

  // Pre-fill: posts and their jobs, 1,000 per transaction (as ingest writes them).
  for (let i = 0; i < posts.length; i += 1_000) {
    const batch = posts.slice(i, i + 1_000);
    await db.transaction(async (tx) => {
      await insertPosts(tx, batch);
      await boss.insert(
        QUEUES.score,
        scoreJobsOf(batch).map((data) => ({ data })),
        { db: tx },
      );
    });
    progress('pre-filling the queue', Math.min(i + 1_000, posts.length), posts.length);
  }

  const config = loadScorerConfig(process.env, 'embedded');
  const started = performance.now();
  const scorer = await startScorer({ db, boss, config, log: pino({ level: 'warn' }) });
  while (scorer.worker.stats.posts < posts.length) {
    await new Promise((r) => setTimeout(r, 250));
    progress('scoring', scorer.worker.stats.posts, posts.length);
  }
  const workerSeconds = (performance.now() - started) / 1000;
  await scorer.stop();
  await boss.stop({ graceful: false, timeout: 5_000 });

  // The ceiling: the library alone, same posts, same batch size, no database.
  const model = await loadModel();
  const inputs: PostInput[] = posts.map((p) => ({
    title: p.title,
    selftext: p.selftext ?? '',
    isSelf: true,
    domain: `self.${p.subreddit}`,
  }));
  const libraryStarted = performance.now();
  for (let i = 0; i < inputs.length; i += config.batchSize) {
    await model.scoreBatch(inputs.slice(i, i + config.batchSize));
  }
  const librarySeconds = (performance.now() - libraryStarted) / 1000;
  await model.close();

  const workerRate = posts.length / workerSeconds;
  const libraryRate = posts.length / librarySeconds;
  console.log(`posts                          ${posts.length}`);
  console.log(
    `batch size                     ${config.batchSize} (embedded default), concurrency ${config.concurrency}`,
  );
  console.log(
    `scoring worker (embedded)      ${Math.round(workerRate)} posts/s  (${workerSeconds.toFixed(1)} s)`,
  );
  console.log(
    `model library alone            ${Math.round(libraryRate)} posts/s  (${librarySeconds.toFixed(1)} s)`,
  );
  console.log(`worker / library               ${(workerRate / libraryRate).toFixed(2)}`);
} finally {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

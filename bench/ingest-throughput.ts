// `npm run bench:ingest`: how many posts per second the ingest path stores, end to end — the fake
// Reddit in live mode publishing real post texts, the real poller over loopback HTTP (OAuth, rate
// budget, listing parsing), and the embedded engine committing each poll's posts with their score
// jobs in one transaction.
//
// The fake Reddit runs in a worker thread (this same file), so that building its 100-post pages
// does not compete with the poller and the engine for one event loop; the box has 2 cores.
//
// It offers increasing rates (RATES, posts/s) for SECONDS each, and reports per rate what was
// stored per second, whether the poller kept up (backlog after a short drain, gaps), and the write
// path alone (one 100-post page per transaction) for comparison. "Sustained" is the highest stored
// rate with nothing missed: no gap, and every published post stored within 2 s of the stop.
//
// Env: RATES (default 250,500,1000,2000,3000), SECONDS (default 10), POLL_INTERVAL_MS (default 100).
import { isMainThread, parentPort, Worker } from 'node:worker_threads';

type ToWorker =
  | { type: 'publish'; subreddit: string }
  | { type: 'live'; rate: number; subreddit: string }
  | { type: 'stop' };
type FromWorker = { type: 'url'; url: string } | { type: 'stopped'; published: number } | { type: 'ok' };

if (!isMainThread) {
  const { startFakeReddit } = await import('../tools/fake-reddit/server.ts');
  const fake = await startFakeReddit({ rateLimit: { windowRequests: 10_000_000, windowSeconds: 600 } });
  const port = parentPort;
  if (!port) throw new Error('no parent port');
  let before = 0;
  port.on('message', (message: ToWorker) => {
    if (message.type === 'publish') {
      fake.publish([{ subreddit: message.subreddit, title: 'the first post: gives the poller its cursor' }]);
      port.postMessage({ type: 'ok' } satisfies FromWorker);
    } else if (message.type === 'live') {
      before = fake.stats.postsPublished;
      fake.startLive({ postsPerSecond: message.rate, subreddits: [message.subreddit] });
      port.postMessage({ type: 'ok' } satisfies FromWorker);
    } else {
      fake.stopLive();
      port.postMessage({
        type: 'stopped',
        published: fake.stats.postsPublished - before,
      } satisfies FromWorker);
    }
  });
  port.postMessage({ type: 'url', url: fake.url } satisfies FromWorker);
} else {
  await main();
}

async function main(): Promise<void> {
  const { pino } = await import('pino');
  const { createBoss, ensureQueues } = await import('../db/boss.ts');
  const { openEmbedded } = await import('../db/engine/embedded.ts');
  const { migrate } = await import('../db/migrate.ts');
  const { loadIngestConfig } = await import('../ingest/config.ts');
  const { fakeRedditEnv } = await import('../tools/fake-reddit/env.ts');
  const { startIngest } = await import('../ingest/service.ts');
  const { writePosts } = await import('../ingest/writer.ts');

  const rates = (process.env.RATES ?? '250,500,1000,2000,3000').split(',').map(Number);
  const seconds = Number(process.env.SECONDS ?? 10);
  const pollIntervalMs = process.env.POLL_INTERVAL_MS ?? '100';

  const worker = new Worker(new URL(import.meta.url));
  const replies: FromWorker[] = [];
  let wake: (() => void) | undefined;
  worker.on('message', (message: FromWorker) => {
    replies.push(message);
    wake?.();
  });
  const reply = async (): Promise<FromWorker> => {
    while (replies.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return replies.shift() as FromWorker;
  };
  const ask = async (message: ToWorker): Promise<FromWorker> => {
    worker.postMessage(message);
    return reply();
  };
  const first = await reply();
  if (first.type !== 'url') throw new Error('fake Reddit worker did not start');
  const url = first.url;

  const log = pino({ level: 'warn' }, pino.destination(2));
  const db = await openEmbedded();
  await migrate(db);
  const boss = createBoss(db);
  boss.on('error', (error) => log.error({ err: error }, 'pg-boss error'));
  await boss.start();
  await ensureQueues(boss);

  interface Row {
    offered: number;
    storedPerSecond: number;
    requestsPerSecond: number;
    backlog: number;
    gaps: number;
  }
  const results: Row[] = [];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  try {
    for (const [i, rate] of rates.entries()) {
      // A subreddit per rate: its own listing and cursor.
      const subreddit = `bench_${i}_${rate}`;
      const config = loadIngestConfig({
        ...fakeRedditEnv(url, { userAgent: 'node:reddit-seriousness-bench:0.1.0 (by /u/bench)' }),
        SUBREDDITS: subreddit,
        POLL_INTERVAL_MS: pollIntervalMs,
        OAUTH_REQUESTS_PER_WINDOW: '10000000',
      });
      await ask({ type: 'publish', subreddit });
      const ingest = await startIngest({ db, boss, config, log });
      while (ingest.stats().newPosts < 1) await sleep(20);
      const atStart = ingest.stats();
      const started = performance.now();
      await ask({ type: 'live', rate, subreddit });
      await sleep(seconds * 1000);
      const stopped = await ask({ type: 'stop' });
      const elapsed = (performance.now() - started) / 1000;
      const published = stopped.type === 'stopped' ? stopped.published : 0;
      const atStop = ingest.stats();
      const drainUntil = Date.now() + 2000;
      while (ingest.stats().newPosts - atStart.newPosts < published && Date.now() < drainUntil)
        await sleep(50);
      const end = ingest.stats();
      await ingest.stop();
      const row: Row = {
        offered: Math.round(published / elapsed),
        storedPerSecond: Math.round((atStop.newPosts - atStart.newPosts) / elapsed),
        requestsPerSecond: Math.round((atStop.client.requests - atStart.client.requests) / elapsed),
        backlog: published - (end.newPosts - atStart.newPosts),
        gaps: end.gaps,
      };
      results.push(row);
      process.stderr.write(
        `offered ${row.offered}/s → stored ${row.storedPerSecond}/s, ${row.requestsPerSecond} req/s, ` +
          `backlog ${row.backlog}, gaps ${row.gaps}\n`,
      );
    }

    // The write path alone, for comparison: 100-post pages (the poller's unit), one transaction each.
    const started = performance.now();
    let written = 0;
    for (let round = 0; round < 100; round++) {
      const createdAt = new Date();
      const batch = Array.from({ length: 100 }, (_, j) => {
        const id = `w${round.toString(36)}x${j.toString(36)}`;
        return {
          id,
          fullname: `t3_${id}`,
          createdAt,
          subreddit: 'bench_write',
          author: 'bench',
          title: `write path ${id}`,
          selftext: 'x'.repeat(300),
          url: null,
          permalink: null,
          domain: null,
          isSelf: true,
          over18: false,
          spoiler: false,
          stickied: false,
          score: 1,
          numComments: 0,
        };
      });
      await db.transaction(async (tx) => {
        written += (await writePosts(tx, boss, batch)).inserted;
      });
    }
    const writeRate = Math.round(written / ((performance.now() - started) / 1000));

    const sustained = results.filter((r) => r.gaps === 0 && r.backlog === 0).at(-1);
    console.log('\ningest throughput: fake Reddit live mode → poller (HTTP, OAuth) → embedded engine');
    console.log(
      `poll interval ${pollIntervalMs} ms, ${seconds} s per rate, posts + score jobs in one transaction\n`,
    );
    console.log('offered/s  stored/s  requests/s  missing after 2 s  gaps');
    for (const r of results) {
      console.log(
        `${String(r.offered).padStart(9)}  ${String(r.storedPerSecond).padStart(8)}  ${String(r.requestsPerSecond).padStart(10)}  ${String(r.backlog).padStart(17)}  ${String(r.gaps).padStart(4)}`,
      );
    }
    console.log(
      `\nsustained: ${sustained ? `${sustained.storedPerSecond} posts/s stored with nothing missed` : 'none of the rates was kept up with'}`,
    );
    console.log(`write path alone (100-post transactions): ${writeRate} posts/s`);
  } finally {
    await ask({ type: 'stop' });
    await worker.terminate();
    await boss.stop({ graceful: false, timeout: 5_000 });
    await db.close();
  }
}

// `node bench/api-latency.ts`: the REST API under load (issue #6). Loads POSTS scored posts
// (default 1,000,000) across SUBREDDITS subreddits (default 1,000) spread over DAYS days (default
// 30), refreshes the continuous aggregates as the refresh policies would, then measures
// `/subreddits` and `/subreddit/:name`: unloaded latency (sequential requests) and, with wrk at 64
// connections, p50/p99 latency and throughput. Prints a table; api/README.md quotes it.
//
// Embedded engine by default (data kept in BENCH_DATA_DIR, so a re-run skips the load);
// BENCH_DATABASE_URL=postgres://… runs the same against a TimescaleDB server.
// Needs wrk (Debian: apt-get install -y wrk).
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { defaultApiConfig } from '../api/config.ts';
import { startApi, type ApiServer } from '../api/server.ts';
import { openDatabase } from '../db/engine/open.ts';
import { refreshSeriousness } from '../db/maintenance.ts';
import { migrate } from '../db/migrate.ts';
import { apiActiveModel, apiSubredditSummaries } from '../db/queries/api.queries.ts';
import { makeActive, registerModel } from '../db/queries/scorer.queries.ts';
import { insertPostScores, insertPosts, type TestPost } from '../db/test/fixtures.ts';

const POSTS = Number(process.env.POSTS ?? 1_000_000);
const SUBREDDITS = Number(process.env.SUBREDDITS ?? 1_000);
const DAYS = Number(process.env.DAYS ?? 30);
const BATCH = 5_000;
const CONNECTIONS = 64;
const DURATION = process.env.WRK_DURATION ?? '15s';
const SEQUENTIAL = Number(process.env.SEQUENTIAL ?? 200);
const MODEL = 'bench-api-model';
const serverUrl = process.env.BENCH_DATABASE_URL;
const dataDir =
  process.env.BENCH_DATA_DIR ?? path.join(os.tmpdir(), `bench-api-${POSTS}-${SUBREDDITS}-${DAYS}`, 'pgdata');

try {
  execFileSync('wrk', ['--version'], { stdio: 'ignore' });
} catch (error) {
  // wrk --version exits 1 but prints; a missing binary throws ENOENT.
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    console.error('wrk is not installed (Debian: apt-get install -y wrk)');
    process.exit(2);
  }
}

const subredditName = (k: number) => `Sub${String(k).padStart(4, '0')}`;

function progress(label: string, done: number, total: number, started: number): void {
  const rate = Math.round(done / ((performance.now() - started) / 1000));
  process.stderr.write(
    `\r${label}: ${done}/${total} (${Math.round((done / total) * 100)}%, ${rate} rows/s)   `,
  );
  if (done >= total) process.stderr.write('\n');
}

const db = await openDatabase({ databaseUrl: serverUrl, dataDir, applicationName: 'bench-api' });
const engine = db.kind === 'embedded' ? 'embedded (PGlite-TimescaleDB)' : 'TimescaleDB server';
try {
  await migrate(db);
  const [active] = await apiActiveModel.run(undefined, db);
  const loaded =
    active?.version === MODEL
      ? (await apiSubredditSummaries.run({ modelVersion: MODEL, now: new Date() }, db)).reduce(
          (sum, s) => sum + s.post_count,
          0,
        )
      : 0;
  const now = Date.now();
  const spanMs = DAYS * 86_400_000;
  if (loaded >= POSTS) {
    console.error(`reusing ${loaded} scored posts in ${serverUrl ? 'the server database' : dataDir}`);
  } else {
    if (active && active.version !== MODEL)
      throw new Error(`database has another active model: ${active.version}`);
    await registerModel.run({ version: MODEL, path: '/dev/null', card: '{}', onnx: Buffer.from(MODEL) }, db);
    await makeActive.run({ version: MODEL }, db);
    const started = performance.now();
    for (let offset = 0; offset < POSTS; offset += BATCH) {
      const posts: TestPost[] = [];
      for (let i = offset; i < Math.min(POSTS, offset + BATCH); i++) {
        posts.push({
          id: (100_000_000 + i).toString(36),
          // Newest first, evenly over DAYS days up to a minute ago.
          createdAt: new Date(now - 60_000 - Math.floor((i / POSTS) * spanMs)),
          subreddit: subredditName(i % SUBREDDITS),
          title: `Benchmark post ${i} about topic ${i % 97}`,
          score: i % 500,
          numComments: i % 50,
        });
      }
      await db.transaction(async (tx) => {
        await insertPosts(tx, posts);
        await insertPostScores(
          tx,
          posts.map((post, j) => ({
            post,
            modelVersion: MODEL,
            // Each subreddit has its own level, plus noise: means differ, so sorting does work.
            seriousness: Math.min(
              1,
              Math.max(0, ((offset + j) % SUBREDDITS) / SUBREDDITS + ((j * 7919) % 100) / 500 - 0.1),
            ),
          })),
        );
      });
      progress('posts + scores', Math.min(POSTS, offset + BATCH), POSTS, started);
    }
    console.error(`loaded in ${((performance.now() - started) / 1000).toFixed(1)} s; refreshing the caggs…`);
    const refreshStarted = performance.now();
    await refreshSeriousness(db, new Date(now - spanMs - 86_400_000), new Date(now));
    console.error(`caggs refreshed in ${((performance.now() - refreshStarted) / 1000).toFixed(1)} s`);
  }
  // No autovacuum in the embedded engine: give the planner statistics after a bulk load (the
  // caggs' materialised hypertables included).
  await db.exec('ANALYZE');

  const log = pino({ level: 'warn' });
  const memo = await startApi({
    db,
    models: undefined,
    boss: undefined,
    config: defaultApiConfig,
    log,
    port: 0,
    host: '127.0.0.1',
  });
  const noMemo = await startApi({
    db,
    models: undefined,
    boss: undefined,
    config: { ...defaultApiConfig, cacheMs: 0 },
    log,
    port: 0,
    host: '127.0.0.1',
  });
  const rows: string[][] = [];
  try {
    const randomName = () => subredditName(Math.floor(Math.random() * SUBREDDITS));
    const cases: { label: string; server: ApiServer; path: () => string; lua?: string }[] = [
      { label: '/subreddits (1 s memo, default)', server: memo, path: () => '/subreddits' },
      { label: '/subreddits (no memo)', server: noMemo, path: () => '/subreddits' },
      {
        label: '/subreddit/:name (random of 1,000)',
        server: memo,
        path: () => `/subreddit/${randomName()}`,
        lua: 'name',
      },
      {
        label: '/subreddit/:name/posts (random)',
        server: memo,
        path: () => `/subreddit/${randomName()}/posts`,
        lua: 'posts',
      },
    ];
    for (const c of cases) {
      // Unloaded: one request at a time (keep-alive).
      const times: number[] = [];
      for (let i = 0; i < SEQUENTIAL; i++) {
        const t0 = performance.now();
        const res = await fetch(c.server.url + c.path());
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${c.path()} answered ${res.status}`);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
      process.stderr.write(`${c.label}: sequential p50 ${pct(50).toFixed(1)} ms; running wrk ${DURATION}…\n`);
      const script = path.join(os.tmpdir(), `bench-api-${process.pid}.lua`);
      fs.writeFileSync(
        script,
        c.lua
          ? `math.randomseed(42)\nrequest = function()\n  return wrk.format("GET", string.format("/subreddit/Sub%04d${c.lua === 'posts' ? '/posts' : ''}", math.random(0, ${SUBREDDITS - 1})))\nend\n`
          : `request = function()\n  return wrk.format("GET", "${c.path()}")\nend\n`,
      );
      // Asynchronously: the API runs on this process's event loop.
      const { stdout: out } = await promisify(execFile)(
        'wrk',
        ['-t2', `-c${CONNECTIONS}`, `-d${DURATION}`, '--latency', '-s', script, c.server.url],
        { encoding: 'utf8' },
      );
      fs.rmSync(script, { force: true });
      const latency = (p: string) => new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
      const ms = (m: RegExpExecArray | null) =>
        m ? (Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1)).toFixed(1) : '?';
      const rps = /Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? '?';
      const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? '0';
      const socketErrors = /Socket errors: (.*)/.exec(out)?.[1] ?? 'none';
      rows.push([
        c.label,
        `${pct(50).toFixed(1)} / ${pct(99).toFixed(1)}`,
        `${ms(latency('50'))} / ${ms(latency('99'))}`,
        Math.round(Number(rps)).toLocaleString('en-US'),
        errors === '0' && socketErrors === 'none' ? '0' : `${errors} non-2xx; ${socketErrors}`,
      ]);
    }
  } finally {
    await memo.close();
    await noMemo.close();
  }
  const header = [
    'route',
    'unloaded p50 / p99 (ms)',
    `wrk c=${CONNECTIONS} p50 / p99 (ms)`,
    'req/s',
    'errors',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(
    `\n${engine}, ${POSTS.toLocaleString('en-US')} scored posts, ${SUBREDDITS} subreddits, ${DAYS} days, ${os.cpus().length} cores, wrk -t2 -c${CONNECTIONS} -d${DURATION}`,
  );
  console.log(line(header));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const r of rows) console.log(line(r));
} finally {
  await db.close();
}

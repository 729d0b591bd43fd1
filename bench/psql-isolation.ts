// `npm run bench:psql-isolation`: does HTTP wait on psql? (issue #14: /health p99 ≤ 100 ms while a
// psql client runs `SELECT pg_sleep(6)`). Starts `npm start` (INGEST=off) on a fresh data directory,
// then, while real psql runs pg_sleep(SLEEP_S) on the port, requests /health one at a time (and
// /ready, which reads the database and so must wait) and prints p50/p99/max of each.
//   SLEEP_S   how long psql sleeps (default 6)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { psql, startApp } from '../test/app-process.ts';
import { markdownTable } from './lib/markdown-table.ts';
import { percentile } from './lib/wrk.ts';

const sleepSeconds = Number(process.env.SLEEP_S ?? 6);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-psql-isolation-'));

async function timedGets(url: string, until: () => boolean): Promise<number[]> {
  const times: number[] = [];
  while (!until()) {
    const t0 = performance.now();
    const res = await fetch(url);
    await res.arrayBuffer();
    times.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return times.sort((a, b) => a - b);
}

const app = startApp({ DATA_DIR: path.join(root, 'data'), INGEST: 'off', LOG_LEVEL: 'warn' });
try {
  const port = await app.readyPort();
  const apiUrl = /API: +(http:\/\/127\.0\.0\.1:\d+)/.exec(app.output())![1]!;
  let sleeping = true;
  const started = performance.now();
  const sleeper = psql(port, `SELECT pg_sleep(${sleepSeconds})`).finally(() => (sleeping = false));
  await new Promise((resolve) => setTimeout(resolve, 200)); // psql connected and sleeping
  const [health, ready] = await Promise.all([
    timedGets(`${apiUrl}/health`, () => !sleeping),
    timedGets(`${apiUrl}/ready`, () => !sleeping),
  ]);
  await sleeper;
  const slept = (performance.now() - started) / 1000;
  const row = (route: string, times: number[]) => [
    route,
    String(times.length),
    percentile(times, 50).toFixed(1),
    percentile(times, 99).toFixed(1),
    Math.max(...times).toFixed(1),
  ];
  console.log(
    `psql ran SELECT pg_sleep(${sleepSeconds}) for ${slept.toFixed(1)} s on ${os.cpus().length} cores ` +
      `(load average ${os.loadavg()[0]!.toFixed(1)}); requests one at a time, 20 ms apart:\n`,
  );
  console.log(
    markdownTable(
      ['route', 'requests', 'p50 (ms)', 'p99 (ms)', 'max (ms)'],
      [row('/health (no database)', health), row('/ready (reads the database)', ready)],
    ),
  );
} finally {
  app.child.kill('SIGTERM');
  await app.exited;
  fs.rmSync(root, { recursive: true, force: true });
}

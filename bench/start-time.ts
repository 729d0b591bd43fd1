// `npm run bench:start`: wall-clock time from launching the all-in-one process to its ready line,
// on a new data directory and on an existing one (3 runs each), as the README reports it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killChildren } from '../test/node-process.ts';
import { startApp } from '../test/app-process.ts';

const runs = Number(process.env.RUNS ?? 3);
process.on('exit', killChildren);

/** Launch → the ready line (as `npm start` prints it), then a clean stop before the next run. */
async function timeToReady(dataDir: string): Promise<number> {
  const started = performance.now();
  const app = startApp({ DATA_DIR: dataDir });
  await app.waitFor(/ready in /, 120_000);
  const elapsed = performance.now() - started;
  const code = await app.stop();
  if (code !== 0) throw new Error(`npm start exited ${code} on SIGTERM:\n${app.output()}`);
  return elapsed;
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-start-'));
try {
  const fresh: number[] = [];
  const reopened: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dataDir = path.join(root, `run-${i}`, 'pgdata');
    fresh.push(await timeToReady(dataDir));
    reopened.push(await timeToReady(dataDir));
    process.stderr.write(`run ${i + 1}/${runs} done\n`);
  }
  const fmt = (xs: number[]) => xs.map((x) => `${(x / 1000).toFixed(2)} s`).join(', ');
  console.log(`npm start → ready, new data directory:      ${fmt(fresh)}`);
  console.log(`npm start → ready, existing data directory: ${fmt(reopened)}`);
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}

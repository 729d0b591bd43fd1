// `npm run bench:start`: wall-clock time from launching the all-in-one process to its ready line,
// on a new data directory and on an existing one (3 runs each), as the README reports it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const node = path.resolve('node_modules/.bin/node');
const runs = Number(process.env.RUNS ?? 3);

function timeToReady(dataDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(node, ['app/all-in-one.ts'], {
      env: { ...process.env, DATA_DIR: dataDir, DB_PORT: '0', API_PORT: '0', UI_PORT: '0', DATABASE_URL: '' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready in')) {
        const elapsed = performance.now() - started;
        child.once('exit', () => resolve(elapsed));
        child.kill('SIGTERM');
      }
    });
    child.once('exit', (code) => {
      if (!output.includes('ready in')) reject(new Error(`exited with ${code} before ready:\n${output}`));
    });
  });
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

// `npm run db:types`: regenerates the pgtyped types of every db/queries/**/*.sql (the product's
// queries; db/queries/test/ holds the ones only tests and benchmarks run).
//
// pgtyped type-checks each query against a live schema over the Postgres wire protocol, so this
// boots a throw-away in-memory embedded engine, applies the migrations, serves it on a free local
// port with our wire server, and points pgtyped's CLI at it. pg-boss's schema is created too. No server or Docker needed.
// `npm run db:types:check` (in `npm test`) fails when the committed files differ from a fresh run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createBoss, ensureQueues } from '../boss.ts';
import { openEmbedded } from '../engine/embedded.ts';
import { migrate } from '../migrate.ts';
import { startWireServer } from '../wire/server.ts';

const root = path.resolve(import.meta.dirname, '../..');
const queriesDir = path.join(root, 'db', 'queries');
const check = process.argv.includes('--check');

function generatedFiles(): Map<string, string> {
  return new Map(
    fs
      .readdirSync(queriesDir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.queries.ts'))
      .map((f) => [f, fs.readFileSync(path.join(queriesDir, f), 'utf8')]),
  );
}

const before = generatedFiles();
const db = await openEmbedded();
await migrate(db);
// pg-boss's schema too: the scorer reads its job table (scorer.sql, claimedScoreJobs).
const boss = createBoss(db);
await boss.start();
await ensureQueues(boss);
await boss.stop({ graceful: false, timeout: 5_000 });
const wire = await startWireServer({
  backend: db.wire,
  port: 0,
  transactionTimeoutMs: 60_000,
  // pgtyped describes every query, INSERTs included, on this throw-away engine.
  mode: 'read-write',
});
let exitCode: number | null;
try {
  const pgtyped = path.join(root, 'node_modules', '.bin', 'pgtyped');
  // Through async spawn: the wire server lives on this process's event loop.
  const child = spawn(
    pgtyped,
    ['-c', path.join(root, 'pgtyped.config.json'), '--uri', wire.connectionString()],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URL: '', PGURI: '' },
    },
  );
  exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
} finally {
  await wire.close();
  await db.close();
}
if (exitCode !== 0) {
  console.error(`pgtyped failed (exit ${exitCode})`);
  process.exit(1);
}

const after = generatedFiles();
const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
  (f) => before.get(f) !== after.get(f),
);
if (check && changed.length > 0) {
  console.error(
    `Generated query types are out of date: ${changed.join(', ')}.\n` +
      `Run \`npm run db:types\` and commit the result.`,
  );
  process.exit(1);
}
console.log(changed.length > 0 ? `updated ${changed.join(', ')}` : 'query types are up to date');

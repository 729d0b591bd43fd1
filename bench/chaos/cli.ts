// `npm run bench:chaos`: the long chaos suite (issue #9). The short versions of the same scenarios
// run in `npm test` (bench/chaos/*.test.ts); this runs them at length and tabulates them:
//  1. SIGKILL `npm start` at random moments (mid-migration, start-up, mid-poll, mid-scoring),
//     restart, KILL_ROUNDS times;
//  2. fake-Reddit fault storms (429s, 5xx/52x, resets, malformed pages, token expiry, deleted
//     anchors) under a tight rate window, FAULT_STORMS times through every fault;
//  3. server mode: ingest, scorer and api SIGKILLed one at a time, SERVER_ROUNDS times — where a
//     TimescaleDB is reachable (TEST_TIMESCALE_URL or Docker), else a row saying why not.
// Progress per round on stdout, then the summary table; bench/results/chaos.{md,json}.
// Exit code 1 if any scenario failed. CHAOS_SEED replays a run (each scenario derives its seed).
//
// Environment: CHAOS_SEED (default: random, printed)  KILL_ROUNDS=20  FAULT_STORMS=3
//   SERVER_ROUNDS=9  POSTS_PER_SECOND=10  BURST=400  RESULTS_DIR=bench/results
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFormatted } from '../../model/export/write-formatted.ts';
import { killChildren } from '../../test/app-process.ts';
import { resolveServerTarget } from '../../test/server-target.ts';
import { runFaultScenario } from './fault-scenario.ts';
import { runKillScenario } from './kill-scenario.ts';
import { passed, skippedResult, summaryTable, type ScenarioResult } from './result.ts';
import { runServerScenario } from './server-scenario.ts';

const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 1_000_000));
const KILL_ROUNDS = Number(process.env.KILL_ROUNDS ?? 20);
const FAULT_STORMS = Number(process.env.FAULT_STORMS ?? 3);
const SERVER_ROUNDS = Number(process.env.SERVER_ROUNDS ?? 9);
const POSTS_PER_SECOND = Number(process.env.POSTS_PER_SECOND ?? 10);
const BURST = Number(process.env.BURST ?? 400);
const RESULTS_DIR = path.resolve(process.env.RESULTS_DIR ?? path.join(import.meta.dirname, '..', 'results'));

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-chaos-'));
const cleanUp = () => {
  killChildren();
  fs.rmSync(root, { recursive: true, force: true });
};
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
log(`chaos suite: seed ${SEED} (replay with CHAOS_SEED=${SEED}), ${os.cpus().length} cores`);

const results: ScenarioResult[] = [];
const report = (result: ScenarioResult) => {
  results.push(result);
  log(
    `${result.scenario}: ${result.skipped ? `skipped (${result.skipped})` : passed(result) ? 'pass' : 'FAIL'} ` +
      `in ${(result.durationMs / 1000).toFixed(0)} s` +
      (result.problems.length > 0 ? `\n  ${result.problems.join('\n  ')}` : ''),
  );
};

const dirFor = (name: string) => fs.mkdtempSync(path.join(root, `${name}-`));
report(
  await runKillScenario({
    root: dirFor('kill'),
    rounds: KILL_ROUNDS,
    seed: SEED,
    postsPerSecond: POSTS_PER_SECOND,
    burst: BURST,
    log,
  }),
);
report(
  await runFaultScenario({
    root: dirFor('faults'),
    seed: SEED + 1,
    storms: FAULT_STORMS,
    postsPerSecond: POSTS_PER_SECOND,
    rateWindow: { windowRequests: 10, windowSeconds: 5 },
    log,
  }),
);
const target = await resolveServerTarget();
if (target.available) {
  try {
    report(
      await runServerScenario({
        adminUrl: target.adminUrl,
        rounds: SERVER_ROUNDS,
        seed: SEED + 2,
        postsPerSecond: POSTS_PER_SECOND,
        burst: BURST,
        log,
      }),
    );
  } finally {
    await target.stop();
  }
} else {
  report(skippedResult('SIGKILL ingest / scorer / api (server)', SEED + 2, target.reason));
}

const table = summaryTable(results);
console.log(`\n${table}\n`);

const load = os.loadavg().map((n) => n.toFixed(1));
const markdown = [
  '# Chaos suite (`npm run bench:chaos`)',
  '',
  `Run ${new Date().toISOString()} on ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, ` +
    `load average at the end ${load.join(' / ')} (1 / 5 / 15 min). ` +
    `Seed ${SEED} (\`CHAOS_SEED=${SEED} npm run bench:chaos\` replays it).`,
  `Settings: KILL_ROUNDS=${KILL_ROUNDS} FAULT_STORMS=${FAULT_STORMS} SERVER_ROUNDS=${SERVER_ROUNDS} ` +
    `POSTS_PER_SECOND=${POSTS_PER_SECOND} BURST=${BURST}.`,
  '',
  table,
  '',
  ...results.flatMap((r) => [
    `## ${r.scenario}`,
    '',
    r.skipped ? `Skipped: ${r.skipped}` : `${(r.durationMs / 1000).toFixed(0)} s, seed ${r.seed}.`,
    '',
    ...r.roundNotes.map((note) => `- ${note}`),
    ...(r.invariant
      ? ['', `Dead letters by reason: \`${JSON.stringify(r.invariant.deadLettersByReason)}\``]
      : []),
    '',
  ]),
];
fs.mkdirSync(RESULTS_DIR, { recursive: true });
await writeFormatted(path.join(RESULTS_DIR, 'chaos.md'), markdown.join('\n'));
await writeFormatted(
  path.join(RESULTS_DIR, 'chaos.json'),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      cores: os.cpus().length,
      loadAverage: os.loadavg(),
      seed: SEED,
      settings: { KILL_ROUNDS, FAULT_STORMS, SERVER_ROUNDS, POSTS_PER_SECOND, BURST },
      results,
    },
    null,
    2,
  ),
);
log(`wrote ${path.relative(process.cwd(), path.join(RESULTS_DIR, 'chaos.md'))} and chaos.json`);
process.exitCode = results.every((r) => r.skipped !== undefined || passed(r)) ? 0 : 1;

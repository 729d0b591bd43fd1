// `npm run bench`: the whole-pipeline benchmarks of issue #9, one after the other (never two at
// once: they would share the 2 cores and measure each other), then one report.
//
//   e2e    freshness and throughput, ours vs the seed's RabbitMQ + Postgres 15 design (bench/e2e-freshness.ts)
//   scale  npm start's memory, start time and API latency at 100 k / 1 M / 5 M posts (bench/scale.ts)
//   chaos  the long chaos suite: 20 SIGKILLs, fault storms (bench/chaos/cli.ts)
//
// Each script prints its own progress and writes bench/results/<name>.{md,json,svg}; this one then
// prints every results/*.md under a heading naming the machine they ran on.
//
// Environment: BENCH_ONLY=e2e,scale (a subset, in this order), plus each script's own knobs (listed
// at the top of each script). The component benchmarks (bench:start, bench:ingest, bench:model,
// bench:scorer, bench:api) are separate: see bench/README.md.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BENCHES = [
  { name: 'e2e', script: 'bench/e2e-freshness.ts', result: 'e2e.md' },
  { name: 'scale', script: 'bench/scale.ts', result: 'scale.md' },
  { name: 'chaos', script: 'bench/chaos/cli.ts', result: 'chaos.md' },
] as const;

const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(root, 'bench', 'results');
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const unknown = only?.filter((name) => !BENCHES.some((b) => b.name === name)) ?? [];
if (unknown.length > 0) {
  console.error(`BENCH_ONLY: unknown ${unknown.join(', ')}; one of ${BENCHES.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
const selected = BENCHES.filter((b) => !only || only.includes(b.name));

/** Runs one benchmark with this process's Node (24, from npm's PATH), its output shown as it comes. */
function run(script: string): Promise<{ code: number | null; seconds: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [script], { cwd: root, stdio: 'inherit' });
  // Ctrl-C reaches the child through the terminal's process group; a SIGTERM to us is passed on.
  const forward = () => child.kill('SIGTERM');
  process.once('SIGTERM', forward);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      process.off('SIGTERM', forward);
      resolve({ code, seconds: (performance.now() - started) / 1000 });
    }),
  );
}

const outcomes: { name: string; code: number | null; seconds: number }[] = [];
for (const [index, bench] of selected.entries()) {
  console.error(`\n=== [${index + 1}/${selected.length}] ${bench.name}: node ${bench.script}\n`);
  outcomes.push({ name: bench.name, ...(await run(bench.script)) });
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const report = [
  `# Benchmarks (${new Date().toISOString().slice(0, 10)})`,
  '',
  `Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}.`,
  '',
  ...outcomes.map(
    (o) =>
      `- ${o.name}: ${o.code === 0 ? 'done' : `**failed (exit ${o.code})**`} in ${Math.round(o.seconds)} s`,
  ),
];
for (const [index, bench] of selected.entries()) {
  const full = path.join(resultsDir, bench.result);
  report.push('', `## ${bench.name} (bench/results/${bench.result})`, '');
  // A results file left by an earlier run must not pass for this run's figures.
  report.push(
    outcomes[index]?.code === 0 && fs.existsSync(full)
      ? fs.readFileSync(full, 'utf8').trim()
      : '(no results: the run failed)',
  );
}
console.log(`\n${report.join('\n')}`);
process.exitCode = outcomes.every((o) => o.code === 0) ? 0 : 1;

// bench:live-profile's figures: the app's timings report lines summed over the measured window,
// and the markdown tables (per rate: outcome, threads, stages, CPU profile by category).
import type { PipelineReport } from '../../runtime/pipeline-report.ts';
import type { StageTotal } from '../../runtime/stage-timings.ts';
import type { StageResult } from '../e2e/stage.ts';
import type { ThreadProfile } from './cpu-profile.ts';
import type { Responsiveness } from './responsiveness.ts';

export interface ReportLine {
  /** pino's time, epoch ms. */
  time: number;
  pipeline: PipelineReport;
}

export interface SummedReport {
  seconds: number;
  appThreadBusy: number;
  engineThreadBusy: number | null;
  stages: StageTotal[];
}

/** The report lines of a window as one: busy shares weighted by interval, stage totals added. */
export function sumReports(lines: readonly ReportLine[]): SummedReport {
  const seconds = lines.reduce((sum, l) => sum + l.pipeline.intervalSeconds, 0) || 1;
  const weighted = (pick: (p: PipelineReport) => number | null) =>
    lines.reduce((sum, l) => sum + (pick(l.pipeline) ?? 0) * l.pipeline.intervalSeconds, 0) / seconds;
  const stages = new Map<string, StageTotal>();
  for (const { pipeline } of lines) {
    for (const s of pipeline.stages) {
      const total = stages.get(s.stage) ?? { stage: s.stage, calls: 0, items: 0, totalMs: 0, maxMs: 0 };
      total.calls += s.calls;
      total.items += s.items;
      total.totalMs += s.totalMs;
      total.maxMs = Math.max(total.maxMs, s.maxMs);
      stages.set(s.stage, total);
    }
  }
  return {
    seconds,
    appThreadBusy: weighted((p) => p.appThreadBusy),
    engineThreadBusy: lines.some((l) => l.pipeline.engineThreadBusy !== null)
      ? weighted((p) => p.engineThreadBusy)
      : null,
    stages: [...stages.values()].sort((a, b) => a.stage.localeCompare(b.stage)),
  };
}

const pct = (n: number) => `${(n * 100).toFixed(0)} %`;
const fixed = (n: number, digits = 1) => n.toFixed(digits);

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

export function renderLiveProfile(
  results: readonly {
    rate: number;
    stage: StageResult;
    timings: SummedReport;
    threads: ThreadProfile[];
    responsiveness: Responsiveness;
    exitSeconds: number;
    burstPosts: number;
  }[],
  cores: number,
): string {
  const out = [
    `### Where the live pipeline's time goes (\`npm run bench:live-profile\`)`,
    '',
    `${new Date().toISOString().slice(0, 16)} UTC, ${cores} cores. \`npm start\` (embedded) polling the bench's fake Reddit ` +
      `(10 subreddits, one listing each, every second), watched through the API once a second per subreddit. ` +
      `Stage seconds are wall time summed over the measured window (stages overlap: the poller and the scorer run ` +
      `concurrently, and a stage's time includes waiting for the engine's thread).`,
  ];
  for (const { rate, stage, timings, threads, responsiveness: r, exitSeconds, burstPosts } of results) {
    const window = timings.seconds;
    out.push(
      '',
      `#### ${rate} posts/s offered: ${fixed(stage.visibleRate, 0)} posts/s became visible; all-time p99 ${fixed(stage.allTime.p99, 2)} s; ` +
        `${stage.sustained ? 'lag bounded' : '**lag not bounded**'}`,
      '',
      `Threads over ${fixed(window, 0)} s: app thread ${pct(timings.appThreadBusy)} busy` +
        (timings.engineThreadBusy === null ? '' : `, engine thread ${pct(timings.engineThreadBusy)} busy`) +
        '.',
      '',
      `Meanwhile: /health p50 ${fixed(r.healthP50Ms)} ms, p99 ${fixed(r.healthP99Ms)} ms, max ${fixed(r.healthMaxMs, 0)} ms ` +
        `(${r.healthFailures} failed); psql read of the all-time view: ${r.psqlReads} reads, max ${fixed(r.psqlMaxMs, 0)} ms. ` +
        `SIGTERM → exit 2 s into a burst of ${burstPosts.toLocaleString('en-US')} posts: ${fixed(exitSeconds)} s ` +
        `(the CPU profiles are written in it).`,
      '',
      table(
        ['stage', 'calls', 'items', 'seconds', 'share of window', 'ms per call', 'max ms'],
        timings.stages.map((s) => [
          s.stage,
          String(s.calls),
          String(s.items),
          fixed(s.totalMs / 1000),
          pct(s.totalMs / 1000 / window),
          fixed(s.totalMs / Math.max(1, s.calls)),
          fixed(s.maxMs, 0),
        ]),
      ),
    );
    for (const thread of threads) {
      out.push(
        '',
        `CPU profile, ${thread.thread} thread (${fixed(thread.seconds, 0)} s of samples, whole run):`,
        '',
        table(
          ['what ran (self time)', 'seconds', 'share'],
          thread.categories.slice(0, 10).map((c) => [c.category, fixed(c.seconds), pct(c.share)]),
        ),
      );
    }
  }
  return `${out.join('\n')}\n`;
}

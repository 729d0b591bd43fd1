// The figures of `npm run bench:scale` (../scale.ts) and how they are written: the result types,
// the Markdown tables and the SVG charts of bench/results/scale.md.
import os from 'node:os';
import type { FillRecord } from './scored-posts.ts';
import { lineChart, type LineSeries } from '../charts/svg.ts';
import { markdownTable } from './markdown-table.ts';
import type { ProcessMemory } from './process-memory.ts';
import type { QueryPlan } from './api-plans.ts';
import type { LatencyResult, LoadResult } from './wrk.ts';

/** The run's settings, as written beside the figures. */
export interface ScaleSettings {
  subreddits: number;
  days: number;
  settleSeconds: number;
  sequential: number;
  wrkConnections: number;
  wrkDuration: string;
  idleSeconds: number;
  ingest: string;
}

export interface RouteResult {
  route: string;
  sequential: LatencyResult;
  loaded: LoadResult;
}

export interface SizeResult {
  posts: number;
  fill: FillRecord & { reused: boolean };
  dataDirMiB: number;
  /** Of which the write-ahead log: after the shutdown checkpoint, segments kept for reuse up to max_wal_size (1 GB). */
  walMiB: number;
  start: {
    /** spawn → the ready line, as this script saw it. */
    readyMs: number;
    /** The process's own "ready in" figure. */
    readyLineSeconds: number;
    /** spawn → the first 200 of GET /subreddits. */
    firstOkMs: number;
    /** SIGTERM → exit. */
    stopMs: number;
    exitCode: number | null;
  };
  memory: { ready: ProcessMemory; afterLoad: ProcessMemory; afterIdle: ProcessMemory };
  routes: RouteResult[];
  /** The machine's 1-minute load average before and after the API load (other work shares the cores). */
  loadAverage: { beforeLoad: number; afterLoad: number };
  /** The engine's enable_seqscan as the psql port reports it. */
  enableSeqscan: string;
  plans: QueryPlan[];
}

export interface SizeFailure {
  posts: number;
  error: string;
}

export type Outcome = SizeResult | SizeFailure;
export const failed = (o: Outcome): o is SizeFailure => 'error' in o;

export const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const s = (msValue: number) => (msValue / 1000).toFixed(1);

export function startTable(outcomes: readonly Outcome[]): string {
  return markdownTable(
    [
      'posts',
      'data dir, of which WAL (MiB; WAL at the end of the fill)',
      'fill: posts+scores/s, then policies (s)',
      'spawn → ready (s)',
      'spawn → first 200 (s)',
      'SIGTERM → exit (s)',
      'RSS ready / after load / idle (MiB)',
      'peak RSS (MiB)',
    ],
    outcomes.map((o) =>
      failed(o)
        ? [int(o.posts), `failed: ${o.error.split('\n')[0]!}`, '', '', '', '', '', '']
        : [
            int(o.posts),
            `${int(o.dataDirMiB)}, ${int(o.walMiB)} (${o.fill.walMiBBeforeClose === undefined ? 'not recorded' : int(o.fill.walMiBBeforeClose)})`,
            `${int(o.fill.postsPerSecond)}, ${s(o.fill.policies.reduce((sum, p) => sum + p.durationMs, 0))}`,
            s(o.start.readyMs),
            s(o.start.firstOkMs),
            s(o.start.stopMs),
            `${o.memory.ready.rssMiB} / ${o.memory.afterLoad.rssMiB} / ${o.memory.afterIdle.rssMiB}`,
            String(o.memory.afterIdle.hwmMiB),
          ],
    ),
  );
}

export function apiTable(outcomes: readonly Outcome[], settings: ScaleSettings): string {
  const rows: string[][] = [];
  for (const o of outcomes) {
    if (failed(o)) continue;
    for (const r of o.routes) {
      rows.push([
        int(o.posts),
        r.route,
        `${ms(r.sequential.p50Ms)} / ${ms(r.sequential.p99Ms)}`,
        `${ms(r.loaded.p50Ms)} / ${ms(r.loaded.p99Ms)}`,
        int(r.loaded.requestsPerSecond),
        r.loaded.errors === 0 ? '0' : r.loaded.errorText,
        `${o.loadAverage.beforeLoad.toFixed(1)} / ${o.loadAverage.afterLoad.toFixed(1)}`,
      ]);
    }
  }
  return markdownTable(
    [
      'posts',
      'route',
      `unloaded p50 / p99 (ms)`,
      `wrk c=${settings.wrkConnections} p50 / p99 (ms)`,
      'req/s',
      'errors',
      'load avg (1 min) before / after',
    ],
    rows,
  );
}

export function planTable(outcomes: readonly Outcome[]): string {
  const ok = outcomes.filter((o): o is SizeResult => !failed(o));
  const queries = [...new Set(ok.flatMap((o) => o.plans.map((p) => p.query)))];
  return markdownTable(
    ['query: planning / execution (ms)', ...ok.map((o) => `${int(o.posts)} posts`)],
    queries.map((q) => [
      q,
      ...ok.map((o) => {
        const plan = o.plans.find((p) => p.query === q);
        return plan ? `${ms(plan.planningMs)} / ${ms(plan.executionMs)}` : '';
      }),
    ]),
  );
}

export function charts(outcomes: readonly Outcome[], settings: ScaleSettings): Record<string, string> {
  const ok = outcomes.filter((o): o is SizeResult => !failed(o));
  const series = (name: string, y: (o: SizeResult) => number, dashed = false): LineSeries => ({
    name,
    points: ok.map((o) => [o.posts, y(o)] as const),
    dashed,
  });
  const route = (o: SizeResult, name: string) => o.routes.find((r) => r.route === name)!;
  const subtitle = `${settings.subreddits} subreddits, ${settings.days} days, ${os.cpus().length} cores`;
  return {
    'scale-rss.svg': lineChart({
      title: `npm start memory vs posts (${subtitle})`,
      xLabel: 'scored posts in the data directory (log)',
      yLabel: 'MiB (log)',
      logX: true,
      // Log y as well: the linear axis of charts/svg.ts can end below the largest value.
      logY: true,
      series: [
        series('RSS at ready', (o) => o.memory.ready.rssMiB),
        series('RSS after API load', (o) => o.memory.afterLoad.rssMiB),
        series(`RSS after ${settings.idleSeconds} s idle`, (o) => o.memory.afterIdle.rssMiB),
        series('peak (VmHWM)', (o) => o.memory.afterIdle.hwmMiB, true),
      ],
    }),
    'scale-api-p99.svg': lineChart({
      title: 'API p99 vs posts: list = GET /subreddits, one sub = GET /subreddit/:name',
      xLabel: 'scored posts in the data directory (log)',
      yLabel: 'p99 latency (ms, log)',
      logX: true,
      logY: true,
      series: [
        series(`list, wrk c=${settings.wrkConnections}`, (o) => route(o, 'GET /subreddits').loaded.p99Ms),
        series(
          `one sub, wrk c=${settings.wrkConnections}`,
          (o) => route(o, 'GET /subreddit/:name').loaded.p99Ms,
        ),
        series('list, unloaded', (o) => route(o, 'GET /subreddits').sequential.p99Ms, true),
        series('one sub, unloaded', (o) => route(o, 'GET /subreddit/:name').sequential.p99Ms, true),
      ],
    }),
    'scale-start.svg': lineChart({
      title: `npm start → ready, first 200; SIGTERM → exit (${subtitle})`,
      xLabel: 'scored posts in the data directory (log)',
      yLabel: 'seconds (log)',
      logX: true,
      logY: true,
      series: [
        series('to the ready line', (o) => o.start.readyMs / 1000),
        series('to the first 200', (o) => o.start.firstOkMs / 1000),
        series('SIGTERM → exit', (o) => o.start.stopMs / 1000),
      ],
    }),
  };
}

function fillNote(outcomes: readonly Outcome[]): string {
  return outcomes
    .filter((o): o is SizeResult => !failed(o))
    .map((o) => `${int(o.posts)} ${o.fill.reused ? `reused from ${o.fill.filledAt}` : 'filled in this run'}`)
    .join(', ');
}

export function markdown(outcomes: readonly Outcome[], machine: string, settings: ScaleSettings): string {
  const ok = outcomes.filter((o): o is SizeResult => !failed(o));
  const largest = ok.at(-1);
  const plans = largest
    ? largest.plans.map((p) => `#### ${p.query}\n\n\`\`\`\n${p.plan}\n\`\`\``).join('\n\n')
    : '';
  return [
    '# Scale: `npm start` on a full data directory',
    '',
    `Generated by \`npm run bench:scale\` (bench/scale.ts) on ${machine}; the API table gives the load average`,
    'around each load (other work on the same cores shows there). `npm start` ran with',
    'INGEST=off (nothing new arrives) and the scorer on, on data directories filled by bench/lib/scored-posts.ts',
    `(${settings.subreddits.toLocaleString('en-US')} subreddits named after the corpus's communities, real texts scored by the committed model,`,
    `spread over ${settings.days} days; then the policy jobs and ANALYZE of the changed tables and VACUUM). Fills: ${fillNote(outcomes)}.`,
    '',
    '## Start, stop, memory, size',
    '',
    startTable(outcomes),
    '',
    '## API',
    '',
    `Unloaded: ${settings.sequential} sequential keep-alive requests. Loaded: \`wrk -t2 -c${settings.wrkConnections} -d${settings.wrkDuration} --latency\` on loopback;`,
    '`/subreddit/:name` picks a random subreddit of all of them per request.',
    '',
    apiTable(outcomes, settings),
    '',
    '## The API queries, EXPLAIN ANALYZE through the psql port',
    '',
    `The product's own query text and parameters (bench/lib/api-plans.ts), \`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF)\` after the load, fastest of 3; \`enable_seqscan\` was ${[...new Set(ok.map((o) => o.enableSeqscan))].join(', ')}.`,
    '',
    planTable(outcomes),
    '',
    ...(largest
      ? [`<details><summary>Plans at ${int(largest.posts)} posts</summary>`, '', plans, '', '</details>', '']
      : []),
    '![RSS vs posts](scale-rss.svg) ![API p99 vs posts](scale-api-p99.svg) ![start time vs posts](scale-start.svg)',
    '',
  ].join('\n');
}

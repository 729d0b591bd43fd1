// One stage: publish at a fixed rate on the fake Reddit for a warm-up and a measured window, then
// wait (up to an allowance) until every post of the stage is visible, and summarise latencies,
// backlog growth and drain time. The same code measures both designs; a design supplies the fake,
// the tracker and its observers.
import type { FakeReddit } from '../../tools/fake-reddit/server.ts';
import { sleep, type Observers } from './observer.ts';
import { lagBounded, percentiles, slope, type Percentiles } from './stats.ts';
import type { Tracked, Tracker } from './tracker.ts';

export const log = (line: string) =>
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);

export interface Target {
  fake: FakeReddit;
  tracker: Tracker;
  observers: Observers;
}

export interface StagePlan {
  design: string;
  kind: 'freshness' | 'throughput';
  /** What "visible" means in this stage, for the report. */
  observedVia: string;
  rate: number;
  seconds: number;
  /** Warm-up: seconds, or until an absolute time (epoch ms; the seed aligns its window to its rollups). */
  warmup: { seconds: number } | { untilMs: number };
  observeMs: number;
  /** How long after the publisher stops the stage's posts may take to become visible. */
  drainAllowanceSeconds: number;
  /** The figures a post must be counted in for the stage to have drained. */
  requires: readonly ('hourlyAt' | 'allTimeAt')[];
  pollSeconds: number;
}

export interface StageResult {
  design: string;
  kind: StagePlan['kind'];
  observedVia: string;
  rate: number;
  observeMs: number;
  seconds: number;
  published: number;
  measured: number;
  achievedRate: number;
  hourly: Percentiles;
  allTime: Percentiles;
  /** p99 of the figure the stage waits for last (all-time, or hourly when all-time is not required). */
  p99FirstHalf: number;
  p99SecondHalf: number;
  /** Backlog (published − visible) growth over the measured window, posts/s. */
  backlogSlope: number;
  maxBacklog: number;
  /** Posts/s becoming visible during the measured window. */
  visibleRate: number;
  /** Seconds from the publisher's stop until every post of the stage was visible (null: not within the allowance). */
  drainSeconds: number | null;
  drainAllowanceSeconds: number;
  notVisible: number;
  sustained: boolean;
  /** Extra evidence a design adds (the seed: how long its rollup took at the end of the stage). */
  notes: Record<string, number | string>;
}

let stageCounter = 0;

export async function runStage(target: Target, plan: StagePlan): Promise<StageResult> {
  const { fake, tracker, observers } = target;
  const stage = ++stageCounter;
  const last = plan.requires.includes('allTimeAt') ? 'allTimeAt' : 'hourlyAt';
  observers.periodMs = plan.observeMs;
  const startedAt = performance.now();
  const warmupSeconds =
    'seconds' in plan.warmup ? plan.warmup.seconds : Math.max(0, (plan.warmup.untilMs - Date.now()) / 1000);
  const total = warmupSeconds + plan.seconds;
  log(
    `${plan.design} stage ${stage} (${plan.kind}, ${plan.observedVia}): ${plan.rate} posts/s for ` +
      `${warmupSeconds.toFixed(0)} s warm-up + ${plan.seconds} s`,
  );
  let published = 0;
  const backlog: { t: number; v: number }[] = [];
  let measureStart: { t: number; visible: number } | undefined;
  let lastProgress = 0;
  for (;;) {
    const elapsed = (performance.now() - startedAt) / 1000;
    if (elapsed >= total) break;
    const measured = elapsed >= warmupSeconds;
    if (measured && !measureStart) measureStart = { t: elapsed, visible: tracker.visibleTotal(last) };
    const due = Math.floor(elapsed * plan.rate) - published;
    if (due > 0) {
      tracker.publish(fake, stage, due, measured);
      published += due;
    }
    if (measured) backlog.push({ t: elapsed, v: tracker.publishedTotal - tracker.visibleTotal(last) });
    if (elapsed - lastProgress >= 5) {
      lastProgress = elapsed;
      log(
        `  t=${elapsed.toFixed(0)}/${total.toFixed(0)} s published ${published}, ` +
          `backlog ${tracker.publishedTotal - tracker.visibleTotal(last)}`,
      );
    }
    await sleep(20);
  }
  const measureEnd = { t: (performance.now() - startedAt) / 1000, visible: tracker.visibleTotal(last) };
  const stoppedAt = Date.now();
  const stagePosts = tracker.postsOf(stage);
  const visible = (p: Tracked) => plan.requires.every((field) => p[field] !== undefined);
  let drainSeconds: number | null = null;
  let lastDrainLog = Date.now();
  for (const deadline = stoppedAt + plan.drainAllowanceSeconds * 1000; Date.now() < deadline;) {
    if (stagePosts.every(visible)) {
      const at = (p: Tracked) => Math.max(...plan.requires.map((field) => p[field] ?? 0));
      drainSeconds = Math.max(0, ...stagePosts.map((p) => at(p) - stoppedAt)) / 1000;
      break;
    }
    if (Date.now() - lastDrainLog >= 5000) {
      lastDrainLog = Date.now();
      log(
        `  draining: ${stagePosts.filter((p) => !visible(p)).length} of ${stagePosts.length} not visible yet ` +
          `(${((Date.now() - stoppedAt) / 1000).toFixed(0)} of ≤ ${plan.drainAllowanceSeconds} s)`,
      );
    }
    await sleep(100);
  }
  const measuredPosts = stagePosts.filter((p) => p.measured);
  const latencies = (field: 'hourlyAt' | 'allTimeAt', list: readonly Tracked[]) =>
    list.flatMap((p) => (p[field] === undefined ? [] : [(p[field] - p.publishedAt) / 1000]));
  const mid = Math.min(...measuredPosts.map((p) => p.publishedAt)) + (plan.seconds * 1000) / 2;
  const window = measureEnd.t - (measureStart?.t ?? 0) || 1;
  const backlogSlope = slope(backlog);
  const p99FirstHalf = percentiles(
    latencies(
      last,
      measuredPosts.filter((p) => p.publishedAt < mid),
    ),
  ).p99;
  const p99SecondHalf = percentiles(
    latencies(
      last,
      measuredPosts.filter((p) => p.publishedAt >= mid),
    ),
  ).p99;
  const result: StageResult = {
    design: plan.design,
    kind: plan.kind,
    observedVia: plan.observedVia,
    rate: plan.rate,
    observeMs: plan.observeMs,
    seconds: plan.seconds,
    published,
    measured: measuredPosts.length,
    achievedRate: measuredPosts.length / plan.seconds,
    hourly: percentiles(latencies('hourlyAt', measuredPosts)),
    allTime: percentiles(latencies('allTimeAt', measuredPosts)),
    p99FirstHalf,
    p99SecondHalf,
    backlogSlope,
    maxBacklog: Math.max(0, ...backlog.map((b) => b.v)),
    visibleRate: (measureEnd.visible - (measureStart?.visible ?? 0)) / window,
    drainSeconds,
    drainAllowanceSeconds: plan.drainAllowanceSeconds,
    notVisible: stagePosts.filter((p) => !visible(p)).length,
    sustained: lagBounded({
      rate: plan.rate,
      drainSeconds,
      backlogSlope,
      p99FirstHalf,
      p99SecondHalf,
      pollSeconds: plan.pollSeconds,
    }),
    notes: {},
  };
  const p = result[last === 'allTimeAt' ? 'allTime' : 'hourly'];
  log(
    `  → ${last === 'allTimeAt' ? 'all-time' : 'hourly'} p50/p99 ${p.p50.toFixed(2)}/${p.p99.toFixed(2)} s, ` +
      `backlog slope ${backlogSlope.toFixed(1)}/s, drain ${drainSeconds === null ? `> ${plan.drainAllowanceSeconds}` : drainSeconds.toFixed(1)} s, ` +
      `${result.sustained ? 'lag bounded' : 'lag NOT bounded'}`,
  );
  return result;
}

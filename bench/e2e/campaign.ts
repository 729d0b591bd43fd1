// A design's throughput campaign: stages at the given rates, then the ramp (×1.5, then bisection,
// stats.ts nextRampRate) until the bracket is tight or MAX_RAMP_STAGES ran. A stage that never
// drained is followed by a fresh instance (new database, new fake Reddit): its backlog, and posts
// that fell out of the 1,000-item listings for good, would otherwise be measured instead of the next rate.
import { config } from './config.ts';
import { log, runStage, type StagePlan, type StageResult, type Target } from './stage.ts';
import { nextRampRate } from './stats.ts';

export interface Design<R extends Target> {
  start(): Promise<R>;
  stop(run: R): Promise<void>;
  plan(kind: StagePlan['kind'], rate: number): StagePlan;
  /** Extra evidence after a stage (the seed times its rollups); may veto "sustained". */
  after?(run: R, result: StageResult): Promise<void>;
}

export async function campaign<R extends Target>(
  design: Design<R>,
  rates: readonly number[],
  kind: StagePlan['kind'],
): Promise<StageResult[]> {
  const results: StageResult[] = [];
  let run = await design.start();
  const stage = async (k: StagePlan['kind'], rate: number) => {
    const last = results.at(-1);
    if (last && last.drainSeconds === null) {
      log('the last stage did not drain: a fresh instance for the next one');
      await design.stop(run);
      run = await design.start();
    }
    const result = await runStage(run, design.plan(k, rate));
    await design.after?.(run, result);
    results.push(result);
  };
  try {
    for (const rate of rates) await stage(kind, rate);
    for (let i = 0; i < config.maxRampStages; i++) {
      const next = nextRampRate(results);
      if (next === null) break;
      await stage('throughput', next);
    }
  } finally {
    await design.stop(run);
  }
  return results;
}

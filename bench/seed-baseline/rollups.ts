// The seed's dbt models, run on a schedule: the hourly rollup (incremental) every
// SEED_ROLLUP_SECONDS and the all-time one (full rebuild) every SEED_DAILY_SECONDS. Each run is one
// transaction and is logged in seed_rollup_runs. The schedule is fixed-rate, like cron: runs at
// first + k × interval; a run that overruns its slot makes the next one start late, never twice.
import type { Database } from '../../db/engine/types.ts';
import { run } from './sql.ts';

export type RollupModel = 'hourly' | 'all-time';

export interface RollupRun {
  model: RollupModel;
  seconds: number;
  rows: number;
}

export async function runRollup(
  db: Database,
  model: RollupModel,
  trigger: 'schedule' | 'bench',
): Promise<RollupRun> {
  const started = performance.now();
  const rows = await db.transaction(async (tx) => {
    await run(tx, 'rollup-lock', [model]);
    const [mark] = (await run<{ since: string; now: string }>(tx, 'rollup-watermark', [model])).rows;
    if (!mark) throw new Error('rollup-watermark returned no row');
    const result =
      model === 'hourly' ? await run(tx, 'rollup-hourly', [mark.since]) : await run(tx, 'rollup-all-time');
    await run(tx, 'record-run', [model, trigger, mark.now, result.rowCount]);
    return result.rowCount;
  });
  return { model, seconds: (performance.now() - started) / 1000, rows };
}

export interface RollupSchedule {
  stop(): Promise<void>;
}

export function scheduleRollups(
  db: Database,
  plan: { model: RollupModel; intervalSeconds: number; firstAtMs: number }[],
  onRun: (run: RollupRun) => void,
  onError: (model: RollupModel, error: unknown) => void,
): RollupSchedule {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  for (const { model, intervalSeconds, firstAtMs } of plan) {
    const intervalMs = intervalSeconds * 1000;
    const tick = (slot: number) => {
      if (stopped) return;
      const job = runRollup(db, model, 'schedule')
        .then(onRun, (error: unknown) => onError(model, error))
        .finally(() => {
          running.delete(job);
          if (stopped) return;
          // The next slot that has not started yet.
          const next = Math.max(slot + 1, Math.ceil((Date.now() - firstAtMs) / intervalMs));
          const timer = setTimeout(() => tick(next), Math.max(0, firstAtMs + next * intervalMs - Date.now()));
          timers.add(timer);
        });
      running.add(job);
    };
    timers.add(setTimeout(() => tick(0), Math.max(0, firstAtMs - Date.now())));
  }
  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(running);
      for (const timer of timers) clearTimeout(timer);
    },
  };
}

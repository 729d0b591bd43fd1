// Every TIMINGS_REPORT_SECONDS, one log line says where the pipeline's time went: each stage's
// calls, items and seconds (runtime/stage-timings.ts), and how busy the app's thread and the
// embedded engine's thread were. This is how "the pipeline waits rather than works" is seen, or
// ruled out, on a running app; `npm run bench:live-profile` reads the same lines.
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { StageTimings, StageTotal } from './stage-timings.ts';

export interface PipelineReport {
  intervalSeconds: number;
  /** Share of the interval the app's event loop was busy (0–1). */
  appThreadBusy: number;
  /** The same for the embedded engine's thread; null on a server. */
  engineThreadBusy: number | null;
  stages: StageTotal[];
}

export interface PipelineReportOptions {
  log: Logger;
  intervalSeconds: number;
  /** The services' timings (taken, so each line covers its interval only). */
  sources: () => readonly StageTimings[];
  engineThreadUtilization?: () => EventLoopUtilization;
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));

/** Starts the reporter; the function it returns stops it and logs the last partial interval. */
export function startPipelineReport(options: PipelineReportOptions): () => void {
  if (options.intervalSeconds <= 0) return () => undefined;
  let since = performance.now();
  let appMark = performance.eventLoopUtilization();
  let engineMark = options.engineThreadUtilization?.();

  const report = (): void => {
    const now = performance.now();
    const appNow = performance.eventLoopUtilization();
    const engineNow = options.engineThreadUtilization?.();
    const stages = options.sources().flatMap((timings) => timings.take());
    const line: PipelineReport = {
      intervalSeconds: round((now - since) / 1000, 1),
      appThreadBusy: round(performance.eventLoopUtilization(appNow, appMark).utilization, 3),
      engineThreadBusy:
        engineNow && engineMark
          ? // Clamped: after an engine restart the mark belongs to the thread that ended.
            round(Math.max(0, performance.eventLoopUtilization(engineNow, engineMark).utilization), 3)
          : null,
      stages: stages.map((s) => ({ ...s, totalMs: round(s.totalMs, 1), maxMs: round(s.maxMs, 1) })),
    };
    since = now;
    appMark = appNow;
    engineMark = engineNow;
    if (stages.length === 0) return;
    options.log.info({ pipeline: line }, `pipeline: ${describe(line)}`);
  };

  const timer = setInterval(report, options.intervalSeconds * 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    report();
  };
}

/** "app thread 41 % busy, engine thread 78 %; ingest.fetch 2.1 s (590 calls, 612 items), …" */
export function describe(line: PipelineReport): string {
  const pct = (n: number) => `${Math.round(n * 100)} %`;
  const threads =
    `app thread ${pct(line.appThreadBusy)} busy` +
    (line.engineThreadBusy === null ? '' : `, engine thread ${pct(line.engineThreadBusy)}`);
  const stages = [...line.stages]
    .sort((a, b) => b.totalMs - a.totalMs)
    .map((s) => `${s.stage} ${(s.totalMs / 1000).toFixed(1)} s (${s.calls} calls, ${s.items} items)`);
  return `${line.intervalSeconds} s: ${threads}${stages.length > 0 ? `; ${stages.join(', ')}` : ''}`;
}

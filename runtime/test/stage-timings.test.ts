// The pipeline's timings report (runtime/stage-timings.ts, runtime/pipeline-report.ts): totals per
// stage, taken per interval, and the line a person reads.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { describe as describeLine, startPipelineReport } from '../pipeline-report.ts';
import { StageTimings } from '../stage-timings.ts';

describe('StageTimings', () => {
  it('adds calls, items and time per stage, and starts afresh when taken', async () => {
    const timings = new StageTimings();
    timings.record('ingest.store', 10, 100);
    timings.record('ingest.store', 30, 50);
    await timings.time(
      'scorer.infer',
      () => new Promise<number[]>((resolve) => setTimeout(() => resolve([1, 2, 3]), 20)),
      (scores) => scores.length,
    );
    await expect(
      timings.time('scorer.write', () => Promise.reject(new Error('engine gone'))),
    ).rejects.toThrow();
    const taken = timings.take();
    expect(taken.find((t) => t.stage === 'ingest.store')).toEqual({
      stage: 'ingest.store',
      calls: 2,
      items: 150,
      totalMs: 40,
      maxMs: 30,
    });
    const infer = taken.find((t) => t.stage === 'scorer.infer')!;
    expect(infer).toMatchObject({ calls: 1, items: 3 });
    expect(infer.totalMs).toBeGreaterThanOrEqual(15);
    // A failed call is timed too (what it cost before it failed).
    expect(taken.find((t) => t.stage === 'scorer.write')).toMatchObject({ calls: 1, items: 0 });
    expect(timings.take()).toEqual([]);
  });
});

describe('the pipeline report', () => {
  it('logs one line per interval with the stages, largest first, and the threads’ use', async () => {
    const lines: { pipeline: { stages: { stage: string }[]; appThreadBusy: number }; msg: string }[] = [];
    const log = pino(
      { level: 'info' },
      { write: (line: string) => lines.push(JSON.parse(line) as (typeof lines)[number]) },
    );
    const timings = new StageTimings();
    const stop = startPipelineReport({ log, intervalSeconds: 3600, sources: () => [timings] });
    timings.record('scorer.infer', 1_200, 300);
    timings.record('ingest.store', 2_500, 300);
    stop(); // the last, partial interval
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line!.pipeline.stages.map((s) => s.stage).sort()).toEqual(['ingest.store', 'scorer.infer']);
    expect(line!.pipeline.appThreadBusy).toBeGreaterThanOrEqual(0);
    expect(line!.msg).toMatch(
      /app thread \d+ % busy; ingest\.store 2\.5 s \(1 calls, 300 items\), scorer\.infer 1\.2 s/,
    );
  });

  it('says nothing for an interval without work, and nothing at all when switched off', () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const timings = new StageTimings();
    startPipelineReport({ log, intervalSeconds: 3600, sources: () => [timings] })();
    const off = startPipelineReport({ log, intervalSeconds: 0, sources: () => [timings] });
    timings.record('ingest.fetch', 5);
    off();
    expect(lines).toEqual([]);
    expect(describeLine({ intervalSeconds: 5, appThreadBusy: 0.5, engineThreadBusy: 0.25, stages: [] })).toBe(
      '5 s: app thread 50 % busy, engine thread 25 %',
    );
  });
});

// Probes of a process under bulk work for bench/bulk.ts: its memory, sampled; and how it answers
// (/health every 100 ms, a psql read of the all-time view every 2 s) while it works.
import { setTimeout as sleep } from 'node:timers/promises';
import { openServer } from '../../db/engine/server.ts';
import { processMemory } from './process-memory.ts';
import { percentile } from './wrk.ts';

/** Memory of a child, sampled: the high-water mark seen, and the samples. */
export function sampleMemory(pid: number): { stop(): { peakMiB: number; samplesMiB: number[] } } {
  const samples: number[] = [];
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const m = processMemory(pid);
      samples.push(m.rssMiB);
      peak = Math.max(peak, m.hwmMiB);
    } catch {
      // exited
    }
  }, 250);
  return {
    stop: () => {
      clearInterval(timer);
      return { peakMiB: peak, samplesMiB: samples };
    },
  };
}

export interface Responsiveness {
  healthP50Ms: number;
  healthP99Ms: number;
  healthMaxMs: number;
  healthFailures: number;
  psqlReads: number;
  psqlMaxMs: number;
  /** The slowest psql reads: when (ISO time) and how long. */
  psqlSlowest: { at: string; ms: number }[];
}

/** /health every 100 ms and a psql read of the all-time view every 2 s, until stopped. */
export function watchResponsiveness(apiUrl: string, psqlUrl: string): { stop(): Promise<Responsiveness> } {
  const health: number[] = [];
  const reads: { at: string; ms: number }[] = [];
  let failures = 0;
  let stopped = false;
  const healthLoop = (async () => {
    while (!stopped) {
      const started = performance.now();
      try {
        const res = await fetch(`${apiUrl}/health`, { signal: AbortSignal.timeout(30_000) });
        await res.arrayBuffer();
        if (res.ok) health.push(performance.now() - started);
        else failures++;
      } catch {
        if (!stopped) failures++;
      }
      await sleep(100);
    }
  })();
  const psqlLoop = (async () => {
    const client = await openServer({ connectionString: psqlUrl, max: 1 });
    try {
      while (!stopped) {
        const started = performance.now();
        const at = new Date().toISOString();
        await client.query('SELECT count(*), sum(post_count) FROM subreddit_seriousness_all_time');
        reads.push({ at, ms: Math.round(performance.now() - started) });
        await sleep(2_000);
      }
    } finally {
      await client.close();
    }
  })().catch(() => undefined);
  return {
    stop: async () => {
      stopped = true;
      await Promise.all([healthLoop, psqlLoop]);
      const sorted = [...health].sort((a, b) => a - b);
      const round = (n: number) => Math.round(n * 10) / 10;
      return {
        healthP50Ms: round(percentile(sorted, 0.5)),
        healthP99Ms: round(percentile(sorted, 0.99)),
        healthMaxMs: round(sorted.at(-1) ?? 0),
        healthFailures: failures,
        psqlReads: reads.length,
        psqlMaxMs: round(Math.max(0, ...reads.map((r) => r.ms))),
        psqlSlowest: [...reads].sort((a, b) => b.ms - a.ms).slice(0, 3),
      };
    },
  };
}

export function mergeResponsiveness(a: Responsiveness, b: Responsiveness): Responsiveness {
  return {
    healthP50Ms: Math.max(a.healthP50Ms, b.healthP50Ms),
    healthP99Ms: Math.max(a.healthP99Ms, b.healthP99Ms),
    healthMaxMs: Math.max(a.healthMaxMs, b.healthMaxMs),
    healthFailures: a.healthFailures + b.healthFailures,
    psqlReads: a.psqlReads + b.psqlReads,
    psqlMaxMs: Math.max(a.psqlMaxMs, b.psqlMaxMs),
    psqlSlowest: [...a.psqlSlowest, ...b.psqlSlowest].sort((x, y) => y.ms - x.ms).slice(0, 3),
  };
}

// Server mode: only the holder of the advisory lock polls; a standby takes over when it stops.
// Needs a Postgres server (TEST_TIMESCALE_URL, or Docker for testcontainers); skipped, with the
// reason in its title, where there is none.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveServerTarget } from '../../test/server-target.ts';
import { whileHoldingPollerLock } from '../poller-lock.ts';
import { capturedLog, waitFor } from './helpers.ts';

const target = await resolveServerTarget();

if (!target.available) {
  // Skipped only when no TimescaleDB/PostgreSQL server is reachable (no Docker engine, no
  // TEST_TIMESCALE_URL); the reason is in the title so the skip is never silent.
  describe.skip(`poller lock on a Postgres server — SKIPPED: ${target.reason}`, () => {
    it('lets one process poll and hands over to a standby', () => undefined);
  });
} else {
  afterAll(() => target.stop());
  describe('poller lock on a Postgres server', () => {
    it('lets one process poll at a time and hands over to a standby when the holder stops', async () => {
      const key = String(4_000_000_000 + (process.pid % 1_000_000)); // not the production key
      const pools = [0, 1].map(() => new pg.Pool({ connectionString: target.adminUrl, max: 2 }));
      const stops = [new AbortController(), new AbortController()];
      const polling = [false, false];
      const runs = [0, 1].map((i) =>
        whileHoldingPollerLock(
          pools[i] as pg.Pool,
          { signal: (stops[i] as AbortController).signal, log: capturedLog().log, retryMs: 100, key },
          (lockLost) =>
            new Promise<void>((resolve) => {
              polling[i] = true;
              const done = () => {
                polling[i] = false;
                resolve();
              };
              lockLost.addEventListener('abort', done, { once: true });
              stops[i]?.signal.addEventListener('abort', done, { once: true });
            }),
        ),
      );
      try {
        await waitFor('one poller', () => (polling[0] !== polling[1] ? true : undefined));
        await new Promise((r) => setTimeout(r, 500));
        expect(polling.filter(Boolean)).toHaveLength(1);
        const holder = polling[0] ? 0 : 1;
        stops[holder]?.abort();
        await waitFor('the standby to take over', () => (polling[1 - holder] ? true : undefined), 5_000);
        expect(polling[holder]).toBe(false);
      } finally {
        for (const stop of stops) stop.abort();
        await Promise.all(runs);
        await Promise.all(pools.map((p) => p.end()));
      }
    });
  });
}

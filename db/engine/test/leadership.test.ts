// One leader per key. Server mode: only the holder of the advisory lock runs the work, and a standby
// takes over when the holder stops or its connection breaks — needs a Postgres server
// (TEST_TIMESCALE_URL, or Docker for testcontainers); skipped, with the reason in its title, where
// there is none. Embedded mode: the process leads at once, and work that throws runs again.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveServerTarget } from '../../../test/server-target.ts';
import { waitFor } from '../../../test/wait.ts';
import type { AdvisoryLockKey } from '../../advisory-locks.ts';
import { leadAlone, leadWithAdvisoryLock, type LeadershipLog } from '../leadership.ts';

const target = await resolveServerTarget();
const KEY = String(4_000_000_000 + (process.pid % 1_000_000)) as AdvisoryLockKey; // not a production key

function quietLog(): LeadershipLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (message) => lines.push(message), error: (_fields, message) => lines.push(message) };
}

/** Work that "leads" until its signal aborts, recording whether it is running and how often it began. */
function leading(flags: boolean[], i: number, starts = { count: 0 }) {
  return (lost: AbortSignal) =>
    new Promise<void>((resolve) => {
      flags[i] = true;
      starts.count++;
      lost.addEventListener(
        'abort',
        () => {
          flags[i] = false;
          resolve();
        },
        { once: true },
      );
    });
}

describe('leadership on the embedded engine', () => {
  it('leads at once, and runs work that threw again after retryMs', async () => {
    const stop = new AbortController();
    const log = quietLog();
    let runs = 0;
    const done = leadAlone(KEY, { signal: stop.signal, retryMs: 20, name: 'test', log }, async (lost) => {
      runs++;
      if (runs < 3) throw new Error(`run ${runs} failed`);
      await new Promise((resolve) => lost.addEventListener('abort', resolve, { once: true }));
    });
    await waitFor('a third run', () => (runs >= 3 ? true : undefined));
    stop.abort();
    await done;
    expect(runs).toBe(3);
    expect(log.lines.filter((line) => line === 'test: failed; retrying')).toHaveLength(2);
  });
});

if (!target.available) {
  // Skipped only when no TimescaleDB/PostgreSQL server is reachable (no Docker engine, no
  // TEST_TIMESCALE_URL); the reason is in the title so the skip is never silent.
  describe.skip(`leadership on a Postgres server — SKIPPED: ${target.reason}`, () => {
    it('lets one process lead and hands over to a standby', () => undefined);
  });
} else {
  afterAll(() => target.stop());

  /** Two processes' worth of leadership for KEY, each on a pool of its own. */
  function twoContenders(url: string) {
    const pools = [0, 1].map(() => new pg.Pool({ connectionString: url, max: 2 }));
    const stops = [new AbortController(), new AbortController()];
    const flags = [false, false];
    const starts = { count: 0 };
    const runs = [0, 1].map((i) =>
      leadWithAdvisoryLock(pools[i] as pg.Pool)(
        KEY,
        { signal: (stops[i] as AbortController).signal, log: quietLog(), retryMs: 100, name: `p${i}` },
        leading(flags, i, starts),
      ),
    );
    return {
      stops,
      flags,
      starts,
      end: async () => {
        for (const stop of stops) stop.abort();
        await Promise.all(runs);
        await Promise.all(pools.map((p) => p.end()));
      },
    };
  }

  describe('leadership on a Postgres server', () => {
    it('lets one process lead at a time and hands over to a standby when the leader stops', async () => {
      const { stops, flags, end } = twoContenders(target.adminUrl);
      try {
        await waitFor('one leader', () => (flags[0] !== flags[1] ? true : undefined));
        await new Promise((r) => setTimeout(r, 500));
        expect(flags.filter(Boolean)).toHaveLength(1);
        const holder = flags[0] ? 0 : 1;
        stops[holder]?.abort();
        await waitFor('the standby to take over', () => (flags[1 - holder] ? true : undefined), 5_000);
        expect(flags[holder]).toBe(false);
      } finally {
        await end();
      }
    });

    it("stops the leader's work when its lock's connection is killed, and one process leads again", async () => {
      const { flags, starts, end } = twoContenders(target.adminUrl);
      const admin = new pg.Pool({ connectionString: target.adminUrl, max: 1 });
      try {
        await waitFor('one leader', () => (flags[0] !== flags[1] ? true : undefined));
        // The lock's session ends under the leader (an operator's pg_terminate_backend, a failover).
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
              AND ((classid::bigint << 32) | objid::bigint) = $1::bigint`,
          [KEY],
        );
        // Either process may win the lock back; what matters is that the work began again on a
        // new session and that never two lead at once.
        await waitFor('a new lead', () => (starts.count >= 2 ? true : undefined), 5_000);
        await new Promise((r) => setTimeout(r, 300));
        expect(flags.filter(Boolean)).toHaveLength(1);
      } finally {
        await end();
        await admin.end();
      }
    });
  });
}

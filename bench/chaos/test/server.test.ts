// The short version of the server-mode kill scenario: ingest, scorer and api, each SIGKILLed once
// while the other two keep running on one TimescaleDB. Runs where a TimescaleDB is reachable
// (TEST_TIMESCALE_URL, e.g. the GitHub workflow's service container, or testcontainers with
// Docker); skipped elsewhere with the reason in its title (Postgres 15 here has no TimescaleDB).
import { afterAll, describe, expect, it } from 'vitest';
import { resolveServerTarget } from '../../../test/server-target.ts';
import { runServerScenario } from '../server-scenario.ts';
import { killChildren } from '../../../test/node-process.ts';

const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
const target = await resolveServerTarget();

if (!target.available) {
  console.warn(`[chaos server-mode test] SKIPPED: ${target.reason}`);
  describe.skip(`server-mode processes killed one at a time — SKIPPED: ${target.reason}`, () => {
    it('stores and scores every published post exactly once', () => undefined);
  });
} else {
  const available = target;
  afterAll(async () => {
    killChildren();
    await available.stop();
  });
  describe(`server-mode processes killed one at a time on ${target.describe} (seed ${seed})`, () => {
    it('ingest, scorer and api each SIGKILLed and restarted while the others run: every post stored and scored exactly once', async () => {
      const result = await runServerScenario({
        adminUrl: available.adminUrl,
        rounds: 3,
        seed,
        postsPerSecond: 10,
        burst: 300,
        log: (line) => console.log(line),
      });
      expect(result.problems).toEqual([]);
      expect(result.published).toBeGreaterThan(100);
      expect(result.stored).toBe(result.published);
    }, 180_000);
  });
}

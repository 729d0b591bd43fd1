// The short version of the SIGKILL scenario (bench/chaos/cli.ts runs the long one): `npm start`
// killed at four moments of a live run — mid-migration, during start-up, mid-poll, mid-scoring —
// and restarted each time on the same data directory. CHAOS_SEED replays a failing run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killChildren } from '../../../test/app-process.ts';
import { runKillScenario } from '../kill-scenario.ts';

const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-kill-'));

afterAll(() => {
  killChildren();
  fs.rmSync(root, { recursive: true, force: true });
});

describe(`npm start killed with SIGKILL and restarted (seed ${seed})`, () => {
  it('stores and scores every published post exactly once, and the data dir reopens after every kill', async () => {
    const result = await runKillScenario({
      root,
      rounds: 4,
      seed,
      postsPerSecond: 10,
      burst: 300,
      log: (line) => console.log(line),
    });
    expect(result.problems).toEqual([]);
    expect(result.published).toBeGreaterThan(400);
    expect(result.stored).toBe(result.published);
    // The kills landed where they were aimed (the notes come from the app's own log).
    expect(result.roundNotes.some((n) => n.includes('mid-migration'))).toBe(true);
    expect(result.roundNotes.some((n) => n.includes('(mid-backlog)'))).toBe(true);
  }, 240_000); // ~40 s on an idle 2-core box; starts take 3-5x longer while other suites run
});

// The short version of the fault scenario (bench/chaos/cli.ts runs longer storms): `npm start`
// polls a fake Reddit whose rate window is tighter than its polling wants, through one storm of
// every fault kind in a seeded order. CHAOS_SEED replays a failing run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killChildren } from '../../../test/app-process.ts';
import { runFaultScenario } from '../fault-scenario.ts';

const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-faults-'));

afterAll(() => {
  killChildren();
  fs.rmSync(root, { recursive: true, force: true });
});

describe(`npm start against a faulty fake Reddit (seed ${seed})`, () => {
  it('logs every fault, keeps every post (stored and scored once, or dead-lettered as bad input) and never exceeds the rate budget', async () => {
    const result = await runFaultScenario({
      root,
      seed,
      storms: 1,
      postsPerSecond: 10,
      rateWindow: { windowRequests: 10, windowSeconds: 5 },
      log: (line) => console.log(line),
    });
    expect(result.problems).toEqual([]);
    expect(result.overBudget).toBe(0);
    expect(result.missing).toBe(0);
    expect(result.duplicates).toBe(0);
    expect(result.unscored).toBe(0);
    // A post dead-lettered for a missing field is either stored later (refetched intact) or
    // accounted for by its dead letter: nothing else.
    expect(result.stored + result.deadLetteredPosts).toBe(result.published);
  }, 240_000); // ~40 s on an idle 2-core box
});

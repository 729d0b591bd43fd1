// Fake-Reddit faults during a live run of `npm start`: a rate window tight enough that the app
// must pace itself on `x-ratelimit-*` (real budget exhaustion) the whole time, and storms of
// scripted faults (faultPhases) in a seeded order. After each storm: the app logged every fault
// clearly and polled successfully again. At the end: the invariant, the dead letters exactly the
// bad input injected, and not one request past the budget (`fake.stats.overBudget === 0`).
import path from 'node:path';
import { startFakeReddit, type FakeReddit } from '../../tools/fake-reddit/server.ts';
import { seededRandom, shuffleInPlace } from '../../model/train/random.ts';
import { waitFor, waitUntil } from '../../test/wait.ts';
import {
  killHard,
  redditEnv,
  startAppUntilReady,
  stopGracefully,
  waitForQuiescence,
  type RunningApp,
} from './app-under-test.ts';
import { faultPhases, logLines, unmetExpectations, type FaultPhase } from './fault-phases.ts';
import { PublishedLedger } from './published-ledger.ts';
import { scenarioResult, type ScenarioResult } from './result.ts';
import { verifyEmbeddedDataDir } from '../../test/verify-pipeline.ts';

/** How long the poller lets `before=` answer nothing before it checks by creation time. */
const ANCHOR_CHECK_MS = 2_000;

export interface FaultScenarioOptions {
  root: string;
  seed: number;
  /** Each storm runs every phase once, in a seeded order. */
  storms: number;
  postsPerSecond: number;
  /** The fake's OAuth budget: requests per window; the app's 200 ms polls want ~5/s. */
  rateWindow: { windowRequests: number; windowSeconds: number };
  log: (line: string) => void;
}

const SUBREDDITS = ['AskHistorians', 'dadjokes', 'science'];
const MAX_ATTEMPTS = 3;
/** Posts published at once for the budget phase: a walk of 8 pages (limit 100) plus live posts. */
const CATCH_UP_BURST = 750;
/** How long one phase may take to be consumed and logged (the budget paces requests). */
const PHASE_TIMEOUT_MS = 45_000;

export async function runFaultScenario(options: FaultScenarioOptions): Promise<ScenarioResult> {
  const started = performance.now();
  const random = seededRandom(options.seed);
  const fake = await startFakeReddit({ rateLimit: options.rateWindow, seed: options.seed });
  const ledger = new PublishedLedger(fake);
  const dataDir = path.join(options.root, 'pgdata');
  const env: NodeJS.ProcessEnv = {
    ...redditEnv(fake, SUBREDDITS),
    DATA_DIR: dataDir,
    // Debug: transient faults that a retry absorbs are logged at debug level only.
    LOG_LEVEL: 'debug',
    POLL_INTERVAL_MS: '200',
    INITIAL_PAGES: '10',
    REQUEST_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    BACKOFF_BASE_MS: '100',
    BACKOFF_MAX_MS: '1000',
    ANCHOR_CHECK_MS: String(ANCHOR_CHECK_MS),
  };
  const notes: string[] = [];
  const problems: string[] = [];
  const expectedDeadLetters: Record<string, number> = {};
  let app: RunningApp | undefined;
  options.log(
    `fault scenario: seed ${options.seed}, ${options.storms} storm(s), budget ` +
      `${options.rateWindow.windowRequests} requests / ${options.rateWindow.windowSeconds} s`,
  );
  try {
    app = await startAppUntilReady(env);
    fake.startLive({ postsPerSecond: options.postsPerSecond, subreddits: SUBREDDITS });
    await waitForSuccessfulPoll(fake);
    for (let storm = 1; storm <= options.storms; storm++) {
      for (const phase of shuffleInPlace(faultPhases(MAX_ATTEMPTS), random)) {
        const phaseStarted = performance.now();
        const unmet = await runPhase(app, fake, ledger, phase, options.postsPerSecond);
        for (const [reason, n] of Object.entries(phase.deadLetters)) {
          expectedDeadLetters[reason] = (expectedDeadLetters[reason] ?? 0) + n;
        }
        const note =
          `storm ${storm}: ${phase.name}: ${unmet.length === 0 ? 'ok' : `FAILED: ${unmet.join('; ')}`} ` +
          `(${Math.round(performance.now() - phaseStarted)} ms)`;
        notes.push(note);
        options.log(`  ${note}`);
        if (unmet.length > 0) problems.push(`${phase.name}: ${unmet.join('; ')}`);
      }
    }
    fake.stopLive();
    // Quiet for longer than the anchor check can take to fire (its delay, a poll interval, a slow
    // poll on a loaded machine): a post that a deleted anchor or a malformed page left behind is
    // caught up by that walk, and must be stored and scored before the pipeline counts as settled
    // (seen in CI: quiet for 2 s, then the walk stored one more post as the app was stopped).
    await waitForQuiescence(app.apiUrl, 2 * ANCHOR_CHECK_MS + 1_000, 120_000);
    const code = await stopGracefully(app.process);
    if (code !== 0) problems.push(`the stop exited with ${code}, not 0`);
  } catch (error) {
    problems.push(`scenario aborted: ${(error as Error).message}`);
    if (app) await killHard(app.process);
  } finally {
    fake.stopLive();
    ledger.stop();
  }
  const overBudget = fake.stats.overBudget;
  const remaining = fake.requests.flatMap((r) => (r.budgetRemaining === null ? [] : [r.budgetRemaining]));
  notes.push(
    `budget: ${remaining.length} counted requests, least remaining in a window ${Math.min(...remaining)}`,
  );
  options.log(`  ${notes.at(-1)}`);
  await fake.close();

  const report = await verifyEmbeddedDataDir(dataDir, ledger.ids()).catch((error: unknown) => {
    problems.push(`the data directory did not reopen: ${(error as Error).message}`);
    return null;
  });
  if (report) {
    const got = JSON.stringify(report.deadLettersByReason);
    const want = JSON.stringify(Object.fromEntries(Object.entries(expectedDeadLetters).sort()));
    if (got !== want) problems.push(`dead letters by reason ${got}, expected exactly the injected ${want}`);
  }
  return scenarioResult({
    scenario: 'fake Reddit faults (embedded)',
    seed: options.seed,
    rounds: options.storms * faultPhases(MAX_ATTEMPTS).length,
    report,
    overBudget,
    durationMs: performance.now() - started,
    roundNotes: notes,
    problems,
  });
}

/** Injects one phase, waits until the fake has served it and the app polled fine again. */
async function runPhase(
  app: RunningApp,
  fake: FakeReddit,
  ledger: PublishedLedger,
  phase: FaultPhase,
  postsPerSecond: number,
): Promise<string[]> {
  const from = app.process.output().length;
  const requestsBefore = fake.requests.length;
  if (phase.action === 'expire-tokens') {
    fake.expireTokens();
    await waitUntil(
      'a request with the expired token',
      async () => fake.requests.slice(requestsBefore).some((r) => r.auth === 'invalid-bearer'),
      PHASE_TIMEOUT_MS,
    );
  } else if (phase.action === 'catch-up-burst') {
    fake.publish(
      Array.from({ length: CATCH_UP_BURST }, (_, i) => ({
        subreddit: SUBREDDITS[i % SUBREDDITS.length] ?? 'science',
        title: `catch-up post ${i}`,
      })),
    );
    // The walk is paced over the window; it is done once a page reaches back past the burst.
    await waitUntil(
      'the catch-up walk to spend the rate window',
      async () => leastRemaining(fake, requestsBefore) <= 1,
      PHASE_TIMEOUT_MS,
    ).catch(() => undefined);
  } else if (phase.action === 'delete-anchor') {
    // Pause, and wait until the poller asks for what is newer than the newest post (`before=` it):
    // only then is that post its anchor. Counting polls is not enough: as the first phase this
    // runs before the publisher's first post, and a poll of an empty listing sets no anchor.
    // Then delete the anchor and resume. Two posts at least: with the anchor the only post, the
    // catch-up walk reaches the listing's end without passing the cursor, which the poller
    // (rightly, for Reddit's capped listings) reports as a possible gap.
    await waitUntil('two published posts', async () => fake.posts.all().length >= 2, PHASE_TIMEOUT_MS);
    fake.stopLive();
    const newest = fake.posts.all()[0]!;
    const from = fake.requests.length;
    await waitUntil(
      `the poller to anchor on the newest post (before=${newest.name})`,
      async () => fake.requests.slice(from).some((r) => r.query.before === newest.name),
      PHASE_TIMEOUT_MS,
    );
    ledger.sample();
    fake.deletePost(newest.id);
    fake.startLive({ postsPerSecond, subreddits: SUBREDDITS });
  } else {
    fake.injectFaults(phase.faults);
    await waitUntil(
      `the ${phase.faults.length} faults of "${phase.name}" to be served`,
      async () =>
        fake.requests.slice(requestsBefore).filter((r) => r.fault !== null).length >= phase.faults.length,
      PHASE_TIMEOUT_MS,
    );
  }
  await waitForSuccessfulPoll(fake);
  if (phase.action === 'catch-up-burst') {
    const least = leastRemaining(fake, requestsBefore);
    return least <= 1 ? [] : [`the rate window never ran down (least remaining ${least})`];
  }
  // The log may trail the requests by a poll: give it until the deadline, then report what is unmet.
  let unmet: string[] = [];
  await waitFor(
    `the log lines of "${phase.name}"`,
    () => {
      unmet = unmetExpectations(logLines(app.process.output().slice(from)), phase.logs);
      return unmet.length === 0 ? true : undefined;
    },
    PHASE_TIMEOUT_MS,
  ).catch(() => undefined);
  return unmet;
}

/** The least `x-ratelimit-remaining` the fake answered since request number `from`. */
function leastRemaining(fake: FakeReddit, from: number): number {
  return Math.min(
    ...fake.requests.slice(from).flatMap((r) => (r.budgetRemaining === null ? [] : [r.budgetRemaining])),
  );
}

/** Resolves after the next listing request answered 200 without an injected fault. */
async function waitForSuccessfulPoll(fake: FakeReddit): Promise<void> {
  const from = fake.requests.length;
  await waitUntil(
    'a successful listing request',
    async () =>
      fake.requests.slice(from).some((r) => r.status === 200 && r.fault === null && r.path.endsWith('/new')),
    PHASE_TIMEOUT_MS,
  );
}

// SIGKILL `npm start` at random moments of a live run, restart it on the same data directory,
// repeat; then let it drain, stop it cleanly and check the invariant on the reopened data dir.
//
// The fake Reddit (in this process) publishes real post texts at a steady rate the whole time,
// the app's downtime included. Each round's moment comes from a seeded PRNG (printed, so a
// failure can be replayed), and every kind of moment is covered once before any repeats:
//  - migration: on the fresh data directory, a random 0–0.8 s after "database open": inside the
//               first migration (~1.3 s here; the other eight take ~0.4 s together);
//  - start-up:  a random delay after the spawn (opening the data dir, pg-boss, services);
//  - poll:      0–25 ms after the fake answered a listing request, i.e. while that poll's
//               transaction is being written (the note says whether its "polled" line came first);
//  - scoring:   a burst of posts is published; the kill comes right after a full scoring batch
//               of the burst commits, with the rest of the backlog in flight.
// What the app had actually reached at the kill is read from its (debug) log and noted per round.
// The app runs with INITIAL_PAGES=10: posts published before its very first poll (the first
// rounds kill it before it polls) are within reach of that poll; by design a first poll reads
// only the newest pages, history being what backfill is for.
import fs from 'node:fs';
import path from 'node:path';
import type { FakePostInput, FakeReddit } from '../../tools/fake-reddit/server.ts';
import { startFakeReddit } from '../../tools/fake-reddit/server.ts';
import { loadCorpus } from '../../model/data/corpus-texts.ts';
import { seededRandom, shuffleInPlace } from '../../model/train/random.ts';
import { startApp, type AppProcess } from '../../test/app-process.ts';
import { waitFor } from '../../test/wait.ts';
import {
  killHard,
  redditEnv,
  startAppUntilReady,
  stopGracefully,
  waitForQuiescence,
} from './app-under-test.ts';
import { PublishedLedger } from './published-ledger.ts';
import { scenarioResult, type ScenarioResult } from './result.ts';
import { verifyEmbeddedDataDir } from '../../test/verify-pipeline.ts';

export type KillMoment = 'migration' | 'start-up' | 'poll' | 'scoring';

export interface KillScenarioOptions {
  /** A directory of its own (the data directory goes in it). */
  root: string;
  rounds: number;
  seed: number;
  postsPerSecond: number;
  /** Posts published at once before a mid-scoring kill. */
  burst: number;
  log: (line: string) => void;
}

const SUBREDDITS = ['askscience', 'Jokes', 'worldnews'];
/** Smaller than the default 256: more scoring transactions for a kill to land in. */
const SCORER_BATCH = 64;

/** Round 1 is mid-migration (only a fresh data dir migrates); then each kind once per cycle. */
export function planKillMoments(rounds: number, random: () => number): KillMoment[] {
  const plan: KillMoment[] = ['migration'];
  while (plan.length < rounds) {
    plan.push(...shuffleInPlace<KillMoment>(['start-up', 'poll', 'scoring'], random));
  }
  return plan.slice(0, rounds);
}

/** The moment a kill actually landed in, from what the app had logged by then. */
export function describeReached(output: string): string {
  const applied = output.match(/"migration applied"/g)?.length ?? 0;
  if (/psql postgres:\/\//.test(output)) return 'after ready';
  if (/"schema up to date"/.test(output)) return 'start-up, after migrations (pg-boss, services)';
  if (/"database open"/.test(output)) return `mid-migration (${applied} applied)`;
  return 'opening the data directory';
}

export async function runKillScenario(options: KillScenarioOptions): Promise<ScenarioResult> {
  const started = performance.now();
  const random = seededRandom(options.seed);
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const corpus = loadCorpus();
  const fake = await startFakeReddit({ rateLimit: { windowRequests: 1_000_000, windowSeconds: 600 } });
  const ledger = new PublishedLedger(fake);
  const dataDir = path.join(options.root, 'pgdata');
  const env: NodeJS.ProcessEnv = {
    ...redditEnv(fake, SUBREDDITS),
    DATA_DIR: dataDir,
    // Debug: the "polled" and "scored a batch" lines say where each kill landed.
    LOG_LEVEL: 'debug',
    INITIAL_PAGES: '10',
    POLL_INTERVAL_MS: '250',
    SCORER_BATCH_SIZE: String(SCORER_BATCH),
    OAUTH_REQUESTS_PER_WINDOW: '1000000',
  };
  const notes: string[] = [];
  const problems: string[] = [];
  let current: AppProcess | undefined;
  const plan = planKillMoments(options.rounds, random);
  options.log(`kill scenario: seed ${options.seed}, ${options.rounds} rounds: ${plan.join(', ')}`);

  try {
    fake.startLive({ postsPerSecond: options.postsPerSecond, subreddits: SUBREDDITS });
    for (const [index, moment] of plan.entries()) {
      const roundStarted = performance.now();
      let note: string;
      if (moment === 'migration' || moment === 'start-up') {
        current = startApp(env);
        const app = current;
        if (moment === 'migration') {
          // Inside the first migration (it creates the TimescaleDB extension), which is the only
          // reliably long one: ~1.3 s on 2026-11-27's machine, 0.28 s on 2026-12-08's, where a
          // kill up to 800 ms after the log line landed after all thirteen (~0.45 s together).
          // The other twelve are shorter than the delay between the app logging a line and this
          // process reading it, so a kill aimed at them by log or by delay lands after them.
          await waitFor(
            'the data directory to open',
            () => (/"database open"/.test(app.output()) ? true : undefined),
            60_000,
          );
          await sleep(between(0, 100));
        } else {
          await sleep(between(100, 2_500));
        }
        const reached = describeReached(app.output());
        await killHard(app);
        note = `${moment}: killed ${Math.round(performance.now() - roundStarted)} ms after spawn, ${reached}`;
      } else {
        const running = await startAppUntilReady(env);
        current = running.process;
        // Let one poll commit first, so every round that reaches the app's polling moves its cursor:
        // posts pile up only across start-up kills, never beyond what one walk reaches (~1,000).
        const app = running.process;
        await waitFor(
          'a first poll after the restart',
          () => (countLines(app.output(), 'ingest: polled') > 0 ? true : undefined),
          60_000,
        );
        await sleep(between(300, 1_500));
        if (moment === 'poll') {
          const served = countServedListings(fake);
          await waitFor('a listing request answered', () =>
            countServedListings(fake) > served ? true : undefined,
          );
          const pollsBefore = countLines(current.output(), 'ingest: polled');
          await sleep(between(0, 25));
          await killHard(current);
          const committed = countLines(current.output(), 'ingest: polled') > pollsBefore;
          note =
            `poll: ready in ${Math.round(running.readyMs)} ms, killed just after a listing answer ` +
            (committed ? '(that poll had committed)' : '(before that poll committed)');
        } else {
          const from = current.output().length;
          fake.publish(burstOf(options.burst, corpus, random));
          // The poll that stores the burst, then the first scoring batch after it: the kill lands
          // with the rest of the burst's backlog queued.
          const stored = await waitFor(
            'the poll that stores the burst',
            () => {
              const at = burstPollEnd(app.output(), from, options.burst);
              return at === undefined ? undefined : at;
            },
            30_000,
          );
          await waitFor(
            'a scoring batch after the burst was stored',
            () => (countLines(app.output().slice(stored), 'scored a batch') > 0 ? true : undefined),
            30_000,
          );
          await killHard(current);
          const scored = scoredJobs(current.output().slice(stored));
          note =
            `scoring: ready in ${Math.round(running.readyMs)} ms, killed after ${scored} jobs of a ` +
            `${options.burst}-post burst were scored` +
            (scored < options.burst ? ' (mid-backlog)' : ' (the backlog was done: not mid-scoring)');
        }
      }
      notes.push(note);
      keepLog(options.root, `round-${index + 1}`, current.output());
      options.log(`  round ${index + 1}/${plan.length}: ${note}; published so far ${ledger.ids().length}`);
    }

    // The last start: it must open what every kill left, catch up and drain.
    const last = await startAppUntilReady(env);
    current = last.process;
    options.log(`  final start: ready in ${Math.round(last.readyMs)} ms; draining`);
    fake.stopLive();
    await waitForQuiescence(last.apiUrl, 2_000, 120_000);
    options.log(`  drained; stopping with SIGTERM`);
    const code = await stopGracefully(current);
    keepLog(options.root, 'final', current.output());
    if (code !== 0)
      problems.push(`the final stop exited with ${code}, not 0:\n${current.output().slice(-2_000)}`);
  } catch (error) {
    problems.push(`scenario aborted: ${(error as Error).message}`);
    if (current) await killHard(current);
  } finally {
    fake.stopLive();
    ledger.stop();
  }
  const overBudget = fake.stats.overBudget;
  await fake.close();

  options.log(`  checking the invariant on the reopened data directory`);
  const report = await verifyEmbeddedDataDir(dataDir, ledger.ids()).catch((error: unknown) => {
    problems.push(`the data directory did not reopen: ${(error as Error).message}`);
    return null;
  });
  return scenarioResult({
    scenario: 'SIGKILL npm start (embedded)',
    seed: options.seed,
    rounds: options.rounds,
    report,
    overBudget,
    durationMs: performance.now() - started,
    roundNotes: notes,
    problems,
  });
}

function countServedListings(fake: FakeReddit): number {
  return fake.requests.filter((r) => r.status === 200 && r.path.endsWith('/new')).length;
}

/** Each app's output next to its data directory, for a post-mortem of a failed run. */
function keepLog(root: string, name: string, output: string): void {
  fs.writeFileSync(path.join(root, `${name}.log`), output);
}

/** Where the "polled" line of the poll that stored at least `burst` new posts ends, if it is there. */
function burstPollEnd(output: string, from: number, burst: number): number | undefined {
  for (const match of output.slice(from).matchAll(/"newPosts":(\d+),[^\n]*"msg":"ingest: polled"[^\n]*\n/g)) {
    if (Number(match[1]) >= burst) return from + (match.index ?? 0) + match[0].length;
  }
  return undefined;
}

function countLines(output: string, message: string): number {
  return output.split(`"msg":"${message}"`).length - 1;
}

/** Jobs in the "scored a batch" debug lines of `output`. */
function scoredJobs(output: string): number {
  let jobs = 0;
  for (const match of output.matchAll(/"jobs":(\d+),[^\n]*"msg":"scored a batch"/g)) jobs += Number(match[1]);
  return jobs;
}

function burstOf(
  count: number,
  corpus: readonly { title: string; selftext: string }[],
  random: () => number,
): FakePostInput[] {
  return Array.from({ length: count }, () => {
    const text = corpus[Math.floor(random() * corpus.length)] ?? { title: 'burst', selftext: '' };
    return {
      subreddit: SUBREDDITS[Math.floor(random() * SUBREDDITS.length)] ?? 'askscience',
      title: text.title,
      selftext: text.selftext,
    };
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

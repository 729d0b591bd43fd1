// Server mode under kills: the migrate role once, then ingest, scorer and api as separate
// processes on one TimescaleDB, polling a live fake Reddit. Each round SIGKILLs one role (seeded
// order, every role once per cycle) while the others keep running, waits, and restarts it; a
// scorer kill comes right after a burst of posts, so it dies with a backlog in flight. Then the
// pipeline drains and the invariant is checked on the server.
import { startFakeReddit } from '../../tools/fake-reddit/server.ts';
import { seededRandom, shuffleInPlace } from '../../model/train/random.ts';
import { redditEnv, waitForQuiescence } from './app-under-test.ts';
import { PublishedLedger } from './published-ledger.ts';
import { scenarioResult, type ScenarioResult } from './result.ts';
import {
  apiUrlOf,
  createScratchDatabase,
  startRole,
  type RoleProcess,
  type ServerRole,
} from './server-roles.ts';
import { verifyServer } from '../../test/verify-pipeline.ts';

export interface ServerScenarioOptions {
  /** A TimescaleDB the scenario may create a database on (test/server-target.ts). */
  adminUrl: string;
  rounds: number;
  seed: number;
  postsPerSecond: number;
  burst: number;
  log: (line: string) => void;
}

const SUBREDDITS = ['AskHistorians', 'Jokes', 'worldnews'];
type KilledRole = Exclude<ServerRole, 'migrate'>;

export async function runServerScenario(options: ServerScenarioOptions): Promise<ScenarioResult> {
  const started = performance.now();
  const random = seededRandom(options.seed);
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const database = await createScratchDatabase(options.adminUrl);
  const fake = await startFakeReddit({ rateLimit: { windowRequests: 1_000_000, windowSeconds: 600 } });
  const ledger = new PublishedLedger(fake);
  const env: NodeJS.ProcessEnv = {
    ...redditEnv(fake, SUBREDDITS),
    DATABASE_URL: database.url,
    LOG_LEVEL: 'info',
    POLL_INTERVAL_MS: '250',
    INITIAL_PAGES: '10',
    API_HOST: '127.0.0.1',
    API_PORT: '0',
    OAUTH_REQUESTS_PER_WINDOW: '1000000',
  };
  const plan: KilledRole[] = [];
  while (plan.length < options.rounds)
    plan.push(...shuffleInPlace<KilledRole>(['ingest', 'scorer', 'api'], random));
  plan.length = options.rounds;
  options.log(`server scenario: seed ${options.seed}, ${options.rounds} rounds: ${plan.join(', ')}`);
  const notes: string[] = [];
  const problems: string[] = [];
  const running = new Map<KilledRole, RoleProcess>();
  try {
    const migrate = await startRole('migrate', env);
    if ((await migrate.exited) !== 0) throw new Error(`migrate failed:\n${migrate.output()}`);
    for (const role of ['scorer', 'ingest', 'api'] as const) running.set(role, await startRole(role, env));
    fake.startLive({ postsPerSecond: options.postsPerSecond, subreddits: SUBREDDITS });
    for (const [index, role] of plan.entries()) {
      await sleep(between(500, 2_000));
      if (role === 'scorer') {
        fake.publish(
          Array.from({ length: options.burst }, (_, i) => ({
            subreddit: SUBREDDITS[i % SUBREDDITS.length] ?? 'Jokes',
            title: `burst post ${index}-${i} before the scorer is killed`,
          })),
        );
        await sleep(between(200, 800));
      }
      const victim = running.get(role);
      if (!victim) throw new Error(`${role} is not running`);
      victim.child.kill('SIGKILL');
      await victim.exited;
      const downMs = between(500, 3_000);
      await sleep(downMs);
      const restarted = await startRole(role, env);
      running.set(role, restarted);
      const note = `round ${index + 1}/${plan.length}: ${role} killed, down ${downMs} ms, restarted`;
      notes.push(note);
      options.log(`  ${note}; published so far ${ledger.ids().length}`);
    }
    fake.stopLive();
    const api = running.get('api');
    if (!api) throw new Error('api is not running');
    await waitForQuiescence(apiUrlOf(api), 3_000, 120_000);
    for (const [role, proc] of running) {
      proc.child.kill('SIGTERM');
      const code = await proc.exited;
      if (code !== 0) problems.push(`${role} exited with ${code} on SIGTERM, not 0`);
    }
  } catch (error) {
    problems.push(`scenario aborted: ${(error as Error).message}`);
  } finally {
    for (const proc of running.values()) if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
    fake.stopLive();
    ledger.stop();
  }
  const overBudget = fake.stats.overBudget;
  await fake.close();
  const report = await verifyServer(database.url, ledger.ids()).catch((error: unknown) => {
    problems.push(`could not check the server database: ${(error as Error).message}`);
    return null;
  });
  await database.drop().catch(() => undefined);
  return scenarioResult({
    scenario: 'SIGKILL ingest / scorer / api (server)',
    seed: options.seed,
    rounds: options.rounds,
    report,
    overBudget,
    durationMs: performance.now() - started,
    roundNotes: notes,
    problems,
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

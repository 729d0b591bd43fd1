// `npm run fake-reddit -- --live 10 --subreddits a,b,c`: a fake Reddit for demos and benchmarks.
// Prints its URL and the environment that points the app at it, then a progress line; Ctrl-C stops.
import { startCassetteServer } from './cassette.ts';
import { parseCli, USAGE, type CliOptions } from './cli-args.ts';
import { seedFromRecordings } from './recordings.ts';
import { fakeRedditEnv } from './env.ts';
import { startFakeReddit } from './server.ts';

const PROGRESS_MS = 1000;

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.cassettes.length > 0) {
    await replay(options);
    return;
  }
  const fake = await startFakeReddit({
    port: options.port,
    host: options.host,
    rateLimit: options.window,
    publicRateLimit: options.publicWindow,
    requireUserAgent: options.requireUserAgent,
    seed: options.seed,
  });
  const seeded = options.seedRecordings ? seedFromRecordings(fake.posts) : 0;
  console.log(
    `fake Reddit on ${fake.url} (token endpoint and API; OAuth budget ${options.window.windowRequests}/` +
      `${options.window.windowSeconds} s, public ${options.publicWindow.windowRequests}/${options.publicWindow.windowSeconds} s)`,
  );
  if (seeded > 0) console.log(`seeded ${seeded} recorded posts`);
  console.log(`point the app at it:\n  ${envLine(fake.url)}`);
  if (options.live > 0) {
    fake.startLive({
      postsPerSecond: options.live,
      ...(options.subreddits ? { subreddits: options.subreddits } : {}),
    });
    console.log(
      `live: ${options.live} posts/s into ${options.subreddits?.map((s) => `r/${s}`).join(', ') ?? 'the corpus subreddits'}`,
    );
  }
  const tty = process.stdout.isTTY;
  let last = '';
  const progress = setInterval(() => {
    const s = fake.stats;
    const line = `published ${s.postsPublished} posts · ${s.requests} requests · ${s.tokensIssued} tokens · ${s.overBudget} over budget`;
    if (line === last) return;
    last = line;
    if (tty) process.stdout.write(`\r${line}`);
    else console.log(line);
  }, PROGRESS_MS);
  await stopOnSignal();
  clearInterval(progress);
  if (tty) process.stdout.write('\n');
  await fake.close();
  console.log('fake Reddit stopped');
}

async function replay(options: CliOptions): Promise<void> {
  const server = await startCassetteServer(options.cassettes, {
    port: options.port,
    host: options.host,
    match: options.match,
  });
  console.log(
    `replaying ${options.cassettes.length} cassette(s), ${server.remaining()} interactions, on ${server.url}`,
  );
  console.log(`point the app at it:\n  ${envLine(server.url)}`);
  await stopOnSignal();
  await server.close();
  console.log(`stopped with ${server.remaining()} interactions unplayed`);
}

function envLine(url: string): string {
  return Object.entries(fakeRedditEnv(url))
    .map(([name, value]) => `${name}=${/\s/.test(value) ? `'${value}'` : value}`)
    .join(' ');
}

function stopOnSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

await main();

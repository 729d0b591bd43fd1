// The CLI as a process: prints its URL and the env lines, serves live posts, stops on SIGINT.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { once } from 'node:events';
import { expect, it } from 'vitest';
import { listing } from '../test-client.ts';

it('prints the URL and env lines, publishes live posts, and exits cleanly on SIGINT', async () => {
  const child = spawn(
    process.execPath,
    [
      path.join(import.meta.dirname, '..', 'cli.ts'),
      '--port',
      '0',
      '--live',
      '20',
      '--subreddits',
      'Jokes,science',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (out += d));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: string) => {
        out += d;
        const m = /REDDIT_API_URL=(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m?.[1] && out.includes('live:')) resolve(m[1]);
      });
      child.once('exit', () => reject(new Error(`cli exited early:\n${out}`)));
    });
    expect(out).toContain(`REDDIT_AUTH_URL=${url} REDDIT_API_URL=${url} REDDIT_CLIENT_ID=fake-client-id`);
    expect(out).toContain("REDDIT_USER_AGENT='node:seriousness-dev:0.1 (by /u/dev)'");
    await new Promise((r) => setTimeout(r, 400));
    const l = await listing(url, '/r/jokes+science/new.json?limit=100');
    expect(l.data.children.length).toBeGreaterThan(0);
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(out).toContain('fake Reddit stopped');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

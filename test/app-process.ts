// `npm start` as a child process for the tests that treat it as a user does, and psql typed as a
// user types it. Started with Node 24 directly, not through npm: killing `npm start` leaves its
// node child running (ARCHITECTURE.md §7).
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const NODE = path.resolve('node_modules/.bin/node');

export interface AppProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** The psql port from the ready line; rejects if the process exits first or takes over 60 s. */
  readyPort(): Promise<number>;
}

/** Every process started here, so a test file's afterAll can make sure none outlives it. */
export const startedApps: ChildProcess[] = [];

export interface StartOptions {
  /** The entry point (default app/all-in-one.ts; the image runs deploy/role.ts all-in-one). */
  args?: string[];
  /** A command that runs node for us, e.g. ['unshare', '--pid', '--fork', 'setpriv', …]. */
  wrapper?: string[];
}

export function startApp(env: NodeJS.ProcessEnv, options: StartOptions = {}): AppProcess {
  const args = [NODE, ...(options.args ?? ['app/all-in-one.ts'])];
  const [command, ...rest] = [...(options.wrapper ?? []), ...args] as [string, ...string[]];
  const child = spawn(command, rest, {
    env: { ...process.env, DB_PORT: '0', API_PORT: '0', UI_PORT: '0', DATABASE_URL: '', ...env },
  });
  startedApps.push(child);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    child,
    output: () => output,
    exited,
    readyPort: async () => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const match = /psql postgres:\/\/postgres@127\.0\.0\.1:(\d+)\/postgres/.exec(output);
        if (match) return Number(match[1]);
        if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
        if (Date.now() > deadline) throw new Error(`no ready line within 60 s:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

export function killStartedApps(): void {
  for (const child of startedApps.splice(0)) child.kill('SIGKILL');
}

// Nothing from the runner's environment (PGHOST, PGSSLMODE, …) may change how psql connects.
const psqlEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith('PG')),
);
psqlEnv.PGCONNECT_TIMEOUT = '10';

/** `psql -h 127.0.0.1 -p PORT -U postgres -c SQL`, unaligned, tuples only, fields joined by `|`. */
export async function psql(port: number, sql: string): Promise<string> {
  const { stdout } = await run(
    'psql',
    ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-X', '-A', '-t', '-F', '|', '-c', sql],
    { env: psqlEnv },
  );
  return stdout.trim();
}

// `npm start` as a child process for the tests that treat it as a user does (./node-process.ts),
// and psql typed as a user types it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { spawnNode, type NodeProcess } from './node-process.ts';

const run = promisify(execFile);

export interface AppProcess extends NodeProcess {
  /** The psql port from the ready line; rejects if the process exits first or takes over 60 s. */
  readyPort(): Promise<number>;
}

export interface StartOptions {
  /** The entry point (default app/all-in-one.ts; the image runs deploy/role.ts all-in-one). */
  args?: string[];
  /** A command that runs node for us, e.g. ['unshare', '--pid', '--fork', 'setpriv', …]. */
  wrapper?: string[];
}

/** `npm start` with free ports, on the embedded engine unless `env` says otherwise. */
export function startApp(env: NodeJS.ProcessEnv, options: StartOptions = {}): AppProcess {
  const app = spawnNode(
    options.args ?? ['app/all-in-one.ts'],
    { ...process.env, DB_PORT: '0', API_PORT: '0', UI_PORT: '0', DATABASE_URL: '', ...env },
    { name: 'npm start', ...(options.wrapper ? { wrapper: options.wrapper } : {}) },
  );
  return {
    ...app,
    readyPort: async () =>
      Number((await app.waitFor(/psql postgres:\/\/postgres@127\.0\.0\.1:(\d+)\/postgres/))[1]),
  };
}

export { killChildren } from './node-process.ts';

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

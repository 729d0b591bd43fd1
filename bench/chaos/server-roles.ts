// Server mode's separate processes (deploy/role.ts names their entry points), started as the image
// starts them but with Node 24 directly (a SIGKILL must hit the role, not a wrapper), each watched
// for its own ready output.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { ROLES } from '../../deploy/role.ts';

const NODE = path.resolve(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'node');
const ROOT = path.resolve(import.meta.dirname, '..', '..');

export type ServerRole = 'migrate' | 'ingest' | 'scorer' | 'api';

/** What each role prints (stdout text or a pino line) once it is working. */
const READY: Record<ServerRole, RegExp> = {
  migrate: /schema up to date/,
  ingest: /ingest ready/,
  scorer: /scorer ready/,
  api: /api ready on (http:\/\/\S+)/,
};

export interface RoleProcess {
  role: ServerRole;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Every role process started here, so a test's afterAll (or the CLI's exit) can kill them. */
export const startedRoles: ChildProcess[] = [];

export function killStartedRoles(): void {
  for (const child of startedRoles.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
}

/** Starts a role and resolves once its ready output appears (rejects with the output if it exits). */
export async function startRole(role: ServerRole, env: NodeJS.ProcessEnv): Promise<RoleProcess> {
  const child = spawn(NODE, [ROLES[role]], { cwd: ROOT, env: { ...process.env, ...env } });
  startedRoles.push(child);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-200_000)));
  child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-200_000)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const proc: RoleProcess = { role, child, output: () => output, exited };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (READY[role].test(output)) return proc;
    if (child.exitCode !== null) {
      throw new Error(`${role} exited with ${child.exitCode} before it was ready:\n${output}`);
    }
    if (Date.now() > deadline) throw new Error(`${role} not ready within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function apiUrlOf(api: RoleProcess): string {
  const url = READY.api.exec(api.output())?.[1];
  if (!url) throw new Error(`no API address in:\n${api.output()}`);
  return url;
}

/** A database of its own on the server for one run, dropped afterwards. */
export async function createScratchDatabase(
  adminUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  // Built from digits only, never from input: CREATE DATABASE takes no bind parameters.
  const name = `seriousness_chaos_${process.pid}_${Date.now()}`;
  const run = async (sql: string) => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

// Server mode's separate processes (deploy/role.ts names their entry points), started as the image
// starts them but with Node 24 directly (a SIGKILL must hit the role, not a wrapper), each watched
// for its own ready output.
import pg from 'pg';
import { ROLES } from '../../deploy/role.ts';
import { spawnNode, type NodeProcess } from '../../test/node-process.ts';

export type ServerRole = 'migrate' | 'ingest' | 'scorer' | 'api';

/** What each role prints (stdout text or a pino line) once it is working. */
const READY: Record<ServerRole, RegExp> = {
  migrate: /schema up to date/,
  ingest: /ingest ready/,
  scorer: /scorer ready/,
  api: /api ready on (http:\/\/\S+)/,
};

export interface RoleProcess extends NodeProcess {
  role: ServerRole;
}

/** Starts a role and resolves once its ready output appears (rejects with the output if it exits). */
export async function startRole(role: ServerRole, env: NodeJS.ProcessEnv): Promise<RoleProcess> {
  const proc = spawnNode([ROLES[role]], { ...process.env, ...env }, { name: role, keepOutputChars: 200_000 });
  await proc.waitFor(READY[role]);
  return { ...proc, role };
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

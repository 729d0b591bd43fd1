// Server mode: our pipeline on a TimescaleDB server, when BENCH_DATABASE_URL points at one. Each
// run gets a fresh database on that server (bench_e2e_server_<n>); nothing is faked when there is
// none: the report says it was not measured, and why.
import pg from 'pg';
import { recreateDatabase } from '../seed-baseline/database.ts';

export type ServerProbe = { reachable: true; version: string } | { reachable: false; reason: string };

export async function probeTimescaleServer(url: string): Promise<ServerProbe> {
  if (!url) return { reachable: false, reason: 'BENCH_DATABASE_URL not set' };
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ default_version: string }>(
      "SELECT default_version FROM pg_available_extensions WHERE name = 'timescaledb'",
    );
    const version = rows[0]?.default_version;
    if (!version) return { reachable: false, reason: `${new URL(url).host} has no TimescaleDB extension` };
    return { reachable: true, version };
  } catch (error) {
    return { reachable: false, reason: `${new URL(url).host}: ${(error as Error).message}` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

let serverRuns = 0;
/** A fresh database on the server for one run of our app. */
export const freshServerDatabase = (url: string) => recreateDatabase(url, `bench_e2e_server_${++serverRuns}`);

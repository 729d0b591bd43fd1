// Where the server-mode suites run: a TimescaleDB given by TEST_TIMESCALE_URL (CI service
// containers), else one started by testcontainers where a Docker engine answers, else nowhere —
// and then the suites are skipped with the reason in their title, so a skip is never silent.
import type { StartedPostgreSqlContainer } from '@testcontainers/postgresql';

/** The official image, same major/minor as the embedded build (TimescaleDB 2.23, Postgres 17). */
export const TIMESCALEDB_IMAGE = process.env.TIMESCALEDB_IMAGE ?? 'timescale/timescaledb:2.23.0-pg17';

export type ServerTarget =
  | { available: true; adminUrl: string; describe: string; stop(): Promise<void> }
  | { available: false; reason: string };

export async function resolveServerTarget(): Promise<ServerTarget> {
  const url = process.env.TEST_TIMESCALE_URL;
  if (url)
    return { available: true, adminUrl: url, describe: 'TEST_TIMESCALE_URL', stop: async () => undefined };
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch (error) {
    return {
      available: false,
      reason: `no Docker engine here (${(error as Error).message.split('\n')[0]}); set TEST_TIMESCALE_URL or run where Docker is`,
    };
  }
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container: StartedPostgreSqlContainer = await new PostgreSqlContainer(TIMESCALEDB_IMAGE).start();
  return {
    available: true,
    adminUrl: container.getConnectionUri(),
    describe: `testcontainers ${TIMESCALEDB_IMAGE}`,
    stop: async () => {
      await container.stop();
    },
  };
}

// Picks the engine: DATABASE_URL set → server (pg Pool on TimescaleDB); unset → embedded PGlite.
import type { EmbeddedDatabase } from './engine/embedded.ts';
import type { HostedEmbeddedDatabase } from './host/hosted.ts';
import type { ServerDatabase } from './engine/server.ts';

/** What a process opens: the embedded engine on its own thread, or a server. */
export type OpenedDatabase = HostedEmbeddedDatabase | ServerDatabase;
/** Any engine, the in-process embedded one (tests) included. */
export type AnyDatabase = EmbeddedDatabase | HostedEmbeddedDatabase | ServerDatabase;

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  applicationName?: string;
  /** Embedded: where the engine host's psql-port log lines go. */
  log?: (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown>) => void;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  if (options.databaseUrl) {
    const { openServer } = await import('./engine/server.ts');
    return openServer({
      connectionString: options.databaseUrl,
      ...(options.applicationName ? { applicationName: options.applicationName } : {}),
    });
  }
  // The engine on a thread of its own (./hosted.ts says why); server-mode processes never load it.
  const { openHostedEmbedded } = await import('./host/hosted.ts');
  return openHostedEmbedded({ dataDir: options.dataDir, ...(options.log ? { log: options.log } : {}) });
}

// Picks the engine: DATABASE_URL set → server (pg Pool on TimescaleDB); unset → embedded PGlite.
import type { EmbeddedDatabase } from './embedded.ts';
import type { ServerDatabase } from './server.ts';

export type AnyDatabase = EmbeddedDatabase | ServerDatabase;

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  applicationName?: string;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<AnyDatabase> {
  if (options.databaseUrl) {
    const { openServer } = await import('./server.ts');
    return openServer({
      connectionString: options.databaseUrl,
      ...(options.applicationName ? { applicationName: options.applicationName } : {}),
    });
  }
  // Imported lazily so server-mode processes never load the 23 MB WebAssembly engine.
  const { openEmbedded } = await import('./embedded.ts');
  return openEmbedded({ dataDir: options.dataDir });
}

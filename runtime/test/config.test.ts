// The one configuration path every process boots with (runtime/config.ts): the runtime's own
// variables plus the sections a role reads, every bad variable named at once.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApiConfig } from '../../api/config.ts';
import { loadIngestConfig } from '../../ingest/config.ts';
import { loadScorerConfig } from '../../scorer/config.ts';
import { ConfigError, loadConfig, PROJECT_ROOT } from '../config.ts';
import { loadPsqlPortConfig } from '../psql-port-config.ts';

describe('loadConfig', () => {
  it("reads the runtime's variables and only the sections asked for, with their defaults", () => {
    const config = loadConfig({ api: loadApiConfig }, {});
    expect(config).toMatchObject({
      databaseUrl: undefined,
      engine: 'embedded',
      dataDir: path.join(PROJECT_ROOT, '.data'),
      logLevel: 'info',
      timingsReportSeconds: 60,
      api: { port: 8080, host: '127.0.0.1' },
    });
    expect(Object.keys(config).sort()).toEqual([
      'api',
      'dataDir',
      'databaseUrl',
      'engine',
      'logLevel',
      'timingsReportSeconds',
    ]);
  });

  it('does not read a section it was not asked for (migrate needs no Reddit credentials)', () => {
    // Half a pair of credentials is an ingest error; a process without the ingest section starts.
    const env = { REDDIT_CLIENT_ID: 'only-the-id' };
    expect(() => loadConfig({ ingest: loadIngestConfig }, env)).toThrow(ConfigError);
    expect(() => loadConfig({}, env)).not.toThrow();
  });

  it('names every bad variable of every section at once', () => {
    const error = (() => {
      try {
        loadConfig(
          { api: loadApiConfig, psqlPort: loadPsqlPortConfig },
          { LOG_LEVEL: 'loud', API_PORT: '70000', DB_PORT_MODE: 'admin', DATABASE_URL: 'mysql://x' },
        );
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('loadConfig accepted a bad environment');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    for (const name of ['LOG_LEVEL', 'API_PORT', 'DB_PORT_MODE', 'DATABASE_URL'])
      expect(error.message).toContain(name);
  });

  it('tells each section which engine the process will use (the scorer sizes its batches by it)', () => {
    const embedded = loadConfig({ scorer: loadScorerConfig }, {});
    const server = loadConfig({ scorer: loadScorerConfig }, { DATABASE_URL: 'postgres://db.example/x' });
    expect(server.engine).toBe('server');
    expect(embedded.scorer.batchSize).not.toBe(server.scorer.batchSize);
  });

  it('resolves DATA_DIR and treats an empty DATABASE_URL as unset', () => {
    const config = loadConfig({}, { DATA_DIR: 'relative/dir', DATABASE_URL: '' });
    expect(config.dataDir).toBe(path.resolve('relative/dir'));
    expect(config.engine).toBe('embedded');
  });
});

// The shared database suites on the embedded engine (PGlite with TimescaleDB), on every `npm test`.
import { openEmbedded } from '../engine/embedded.ts';
import { openMigratedEmbedded } from '../../test/template-db.ts';
import { describeBossSuite } from './boss-suite.ts';
import { describeConsistencySuite } from './consistency-suite.ts';
import { describeSchemaSuite } from './schema-suite.ts';

describeSchemaSuite('the embedded engine', {
  openMigrated: openMigratedEmbedded,
  openEmpty: async () => {
    // One engine is one session: "two runners" are two concurrent migrate() calls on it.
    const db = await openEmbedded();
    return { first: db, second: db, close: () => db.close() };
  },
});

describeBossSuite('the embedded engine', openMigratedEmbedded);

// One session: a read can fall only between two statements of a refresh (refreshSeriousness
// settles a window span by span), never inside one — which is the part this engine can check.
describeConsistencySuite('the embedded engine', async () => {
  const db = await openMigratedEmbedded();
  return { first: db, second: db, close: () => db.close() };
});

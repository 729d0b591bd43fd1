// A fresh, migrated, in-memory embedded database for one test file (see test/global-setup.ts).
import fs from 'node:fs';
import { inject } from 'vitest';
import { openEmbedded, type EmbeddedDatabase } from '../db/engine/embedded.ts';

export async function openMigratedEmbedded(): Promise<EmbeddedDatabase> {
  const tarball = fs.readFileSync(inject('embeddedTemplate'));
  return openEmbedded({ loadDataDir: new Blob([tarball]) });
}

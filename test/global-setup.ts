// Boots the embedded engine and applies every migration ONCE per `npm test`, then saves the data
// directory as a tarball. Each test file starts its own in-memory engine from that template
// (test/template-db.ts) instead of paying a ~4 s boot plus migrations per file — the PGlite
// equivalent of immich's "template database cloned per test file".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openEmbedded } from '../db/engine/embedded.ts';
import { migrate } from '../db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    embeddedTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seriousness-template-'));
  const file = path.join(dir, 'migrated.tar.gz');
  const db = await openEmbedded();
  try {
    await migrate(db);
    const blob = await db.dumpDataDir();
    fs.writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  } finally {
    await db.close();
  }
  project.provide('embeddedTemplate', file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

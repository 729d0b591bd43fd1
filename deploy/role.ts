// The image's entry point: `node deploy/role.ts <role>` runs one role of the one image.
//
//   all-in-one  app/all-in-one.ts  (embedded engine in DATA_DIR, or DATABASE_URL)
//   migrate     app/migrate.ts     (one-shot: apply migrations, exit)
//   ingest      app/ingest.ts      (the Reddit poller; one polls, others stand by)
//   scorer      app/scorer.ts      (scale freely)
//   api         app/api.ts         (REST API on API_HOST:API_PORT)
//   ui          app/ui.ts          (dashboard on UI_HOST:UI_PORT, talks to UI_API_URL)
//
// Every role boots the same way (runtime/boot.ts). The role's module is imported into this process
// (no child process: signals reach it directly, and PID 1 is Node itself, whose SIGTERM handlers
// come from runtime/shutdown.ts). The role name is also written to ROLE_FILE so the HEALTHCHECK
// (deploy/healthcheck.ts) knows which port, if any, to probe.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROLES = {
  'all-in-one': 'app/all-in-one.ts',
  migrate: 'app/migrate.ts',
  ingest: 'app/ingest.ts',
  scorer: 'app/scorer.ts',
  api: 'app/api.ts',
  ui: 'app/ui.ts',
} as const;

export type Role = keyof typeof ROLES;

export const ROLE_FILE = process.env.ROLE_FILE ?? path.join(os.tmpdir(), 'seriousness-role');

export function isRole(value: string | undefined): value is Role {
  return value !== undefined && Object.hasOwn(ROLES, value);
}

const ROOT = path.resolve(import.meta.dirname, '..');

if (import.meta.main) {
  const role = process.argv[2] ?? process.env.ROLE ?? 'all-in-one';
  if (!isRole(role)) {
    console.error(`unknown role ${JSON.stringify(role)}; one of: ${Object.keys(ROLES).join(', ')}`);
    process.exit(64);
  }
  try {
    fs.writeFileSync(ROLE_FILE, role);
  } catch {
    // A read-only /tmp only costs the HEALTHCHECK its port probe.
  }
  await import(pathToFileURL(path.join(ROOT, ROLES[role])).href);
}

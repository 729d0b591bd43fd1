// Numbered plain-SQL migrations (db/migrations/NNNN_name.sql), applied in order, each in its own
// transaction, each recorded with its checksum. Safe to run twice (applied ones are skipped) and
// from two processes at once: every step takes one transaction-scoped advisory lock and re-reads
// what is applied after getting it, so the second runner waits and then finds nothing to do.
//
// Migrations are never edited once on main: an applied migration whose file changed is an error.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ADVISORY_LOCKS } from './advisory-locks.ts';
import type { Database } from './engine/types.ts';
import { appliedMigrations, recordMigration, takeMigrationLock } from './queries/migrations.queries.ts';

export const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');
const BOOTSTRAP_SQL = path.join(import.meta.dirname, 'migrate-bootstrap.sql');

export interface MigrationFile {
  version: number;
  name: string;
  file: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: MigrationFile[];
  alreadyApplied: number;
}

export class MigrationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export function readMigrations(dir: string = MIGRATIONS_DIR): MigrationFile[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const migrations = files.map((f) => {
    const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(f);
    if (!match) throw new MigrationError(`Migration file name ${f} is not NNNN_snake_case.sql`);
    const sql = fs.readFileSync(path.join(dir, f), 'utf8');
    return {
      version: Number(match[1]),
      name: match[2] ?? f,
      file: f,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    };
  });
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new MigrationError(`Migrations must be numbered 1..n without gaps: ${m.file}`);
  });
  return migrations;
}

export interface MigrateOptions {
  dir?: string;
  onProgress?: (event: { migration: MigrationFile; durationMs: number }) => void;
}

export async function migrate(db: Database, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = readMigrations(options.dir);
  const bootstrap = fs.readFileSync(BOOTSTRAP_SQL, 'utf8');
  await db.transaction(async (tx) => {
    await takeMigrationLock.run({ key: ADVISORY_LOCKS.migrations }, tx);
    await tx.exec(bootstrap);
  });

  // A database migrated by newer code than this would be silently misread: refuse instead.
  const known = new Set(migrations.map((m) => m.version));
  const unknown = (await appliedMigrations.run(undefined, db)).filter((row) => !known.has(row.version));
  if (unknown.length > 0) {
    throw new MigrationError(
      `The database has migrations this code does not know (${unknown.map((r) => `${r.version} ${r.name}`).join(', ')}): ` +
        `it was migrated by a newer version. Run that version, or restore a matching backup.`,
    );
  }

  const applied: MigrationFile[] = [];
  let alreadyApplied = 0;
  for (const migration of migrations) {
    const started = performance.now();
    const didApply = await db.transaction(async (tx) => {
      await takeMigrationLock.run({ key: ADVISORY_LOCKS.migrations }, tx);
      const done = await appliedMigrations.run(undefined, tx);
      const existing = done.find((row) => row.version === migration.version);
      if (existing) {
        if (existing.checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.file} was changed after it was applied (checksum ${existing.checksum.slice(0, 12)} → ` +
              `${migration.checksum.slice(0, 12)}). Applied migrations are never edited: add a new one.`,
          );
        }
        return false;
      }
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new MigrationError(`Migration ${migration.file} failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      await recordMigration.run(
        {
          version: migration.version,
          name: migration.name,
          checksum: migration.checksum,
          durationMs: Math.round(performance.now() - started),
        },
        tx,
      );
      return true;
    });
    if (didApply) {
      applied.push(migration);
      options.onProgress?.({ migration, durationMs: Math.round(performance.now() - started) });
    } else {
      alreadyApplied++;
    }
  }
  return { applied, alreadyApplied };
}

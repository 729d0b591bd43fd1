// The storage guard on the real engine and a really full disk (a small tmpfs, test/mounts.ts):
// the first failed write closes the engine to every later statement, and every commit made before
// it is there when the data directory is opened again with space to spare.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mountTmpfs, mountUnavailable, resizeTmpfs, unmountAll } from '../../../test/mounts.ts';
import { openEmbedded } from '../embedded.ts';
import { StorageFailureError, type StorageFailure } from '../storage-failure.ts';
import { dataDirInUse } from '../data-dir-lock.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'storage-guard-'));
const skipReason = mountUnavailable();
afterAll(() => {
  unmountAll();
  fs.rmSync(root, { recursive: true, force: true });
});

describe.skipIf(skipReason !== undefined)(
  `the embedded engine on a full disk${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it('refuses every statement after the first failed write, and keeps every commit made before it', async () => {
      const disk = path.join(root, 'disk');
      mountTmpfs(disk, '40m'); // a new data directory takes ~31 MB
      const dataDir = path.join(disk, 'pgdata');
      const db = await openEmbedded({ dataDir });
      const failures: StorageFailure[] = [];
      db.onStorageFailure((failure) => failures.push(failure));
      await db.exec(`CREATE TABLE filler (n int PRIMARY KEY, payload text)`);

      // Autocommit inserts of ~0.5 MB of barely compressible text until the disk refuses one.
      let committed = 0;
      let refusal: unknown;
      for (let n = 1; n <= 200 && refusal === undefined; n++) {
        try {
          await db.query(
            `INSERT INTO filler SELECT $1, string_agg(md5(random()::text || g), '') FROM generate_series(1, 16000) g`,
            [n],
          );
          committed = n;
        } catch (error) {
          refusal = error;
        }
      }
      expect(refusal, 'the disk never filled up').toBeDefined();
      expect(committed).toBeGreaterThan(0);
      expect(failures.map((f) => f.kind)).toEqual(['disk-full']);

      // From now on nothing reaches the engine: not a read, not a write, not the shutdown checkpoint.
      await expect(db.query('SELECT 1')).rejects.toBeInstanceOf(StorageFailureError);
      await expect(db.query(`INSERT INTO filler VALUES (999, 'late')`)).rejects.toThrow(/is full/);
      await expect(db.close()).rejects.toThrow(/closed without a shutdown checkpoint/);
      expect(failures).toHaveLength(1);
      expect(dataDirInUse(dataDir)).toBe(false);

      // Space freed: the data directory opens, and holds exactly the commits made before the failure.
      resizeTmpfs(disk, '200m');
      const reopened = await openEmbedded({ dataDir });
      try {
        const { rows } = await reopened.query<{ count: number; max: number }>(
          `SELECT count(*)::int AS count, coalesce(max(n), 0)::int AS max FROM filler`,
        );
        expect(rows[0]).toEqual({ count: committed, max: committed });
      } finally {
        await reopened.close();
      }
    }, 120_000);
  },
);

// The image's default role, started the way the image starts it, without Docker (issue #14): the
// all-in-one role as an unprivileged user (uid 1000, like the image's `node` user) whose DATA_DIR
// is a mount point it owns (the image's /data volume), as PID 1 of its own PID namespace. It must
// start, and after a kill -9 start again as PID 1 — which the PID-file lock refused for ever, and
// whose lock beside DATA_DIR (in `/`) the unprivileged user could not even create.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME } from '../../db/engine/data-dir-lock.ts';
import { killChildren, psql, startApp } from '../../test/app-process.ts';
import { mountTmpfs, mountUnavailable, unmountAll } from '../../test/mounts.ts';
import { requireTools } from '../../test/system-tools.ts';
import { ensureBuilt } from '../../ui/build.ts';

const IMAGE_UID = 1000; // the official node image's `node` user (Dockerfile: USER node)

function pidNamespaceUnavailable(): string | undefined {
  const probe = spawnSync('unshare', ['--pid', '--fork', 'true'], { encoding: 'utf8' });
  if (probe.status === 0) return undefined;
  return `cannot create a PID namespace here (needs root): ${(probe.stderr || probe.error?.message || '').trim()}`;
}

/** The host PID of the process that is PID 1 in the namespace that `unshare --fork` (pid) made. */
function namespaceInit(unsharePid: number): number {
  const children = fs.readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').trim();
  const pid = Number(children.split(/\s+/)[0]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`unshare (pid ${unsharePid}) has no child`);
  return pid;
}

const skipReason =
  requireTools('unshare', 'setpriv', 'psql').skipReason ?? mountUnavailable() ?? pidNamespaceUnavailable();

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seriousness-image-'));
fs.chmodSync(root, 0o755); // the unprivileged user must reach the mount point inside
/** unshare processes started here: their namespace's PID 1 outlives them (setpriv clears its parent-death signal). */
const namespaces: number[] = [];
afterAll(() => {
  for (const unsharePid of namespaces) {
    try {
      process.kill(namespaceInit(unsharePid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  killChildren();
  unmountAll();
  fs.rmSync(root, { recursive: true, force: true });
});

describe.skipIf(skipReason !== undefined)(
  `the image's default role${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    // The image builds the dashboard at image build time; its user cannot write node_modules.
    beforeAll(() => ensureBuilt(() => undefined));

    it('starts as uid 1000 on a mount point it owns, as PID 1, and restarts as PID 1 after kill -9', async () => {
      const data = path.join(root, 'data');
      mountTmpfs(data, '200m');
      fs.chownSync(data, IMAGE_UID, IMAGE_UID);
      const env = {
        DATA_DIR: data,
        INGEST: 'off',
        ROLE_FILE: path.join(data, 'role'),
        LOG_LEVEL: 'warn',
        HOME: data,
        DB_PORT_MODE: 'read-write', // the test leaves a table behind to find after the restart
      };
      const asImage = {
        args: ['deploy/role.ts', 'all-in-one'],
        wrapper: [
          'unshare',
          '--pid',
          '--fork',
          '--kill-child',
          'setpriv',
          `--reuid=${IMAGE_UID}`,
          `--regid=${IMAGE_UID}`,
          '--clear-groups',
        ],
      };
      const first = startApp(env, asImage);
      namespaces.push(first.child.pid!);
      const port = await first.readyPort();
      expect(fs.readFileSync(path.join(data, LOCK_FILE_NAME), 'utf8')).toMatch(/^pid 1 on /);
      expect(fs.statSync(path.join(data, 'pgdata', 'PG_VERSION')).uid).toBe(IMAGE_UID);
      await psql(port, `CREATE TABLE image_probe AS SELECT 42 AS answer`);
      // kill -9 of the namespace's PID 1 (unshare's child): unshare's own --kill-child does not
      // reach it, because setpriv's change of user clears the parent-death signal.
      process.kill(namespaceInit(first.child.pid!), 'SIGKILL');
      await first.exited;

      const second = startApp(env, asImage);
      namespaces.push(second.child.pid!);
      const again = await second.readyPort();
      expect(await psql(again, 'SELECT answer FROM image_probe')).toBe('42');
      process.kill(namespaceInit(second.child.pid!), 'SIGTERM'); // as `docker stop` signals PID 1
      expect(await second.exited).toBe(0);
    });
  },
);

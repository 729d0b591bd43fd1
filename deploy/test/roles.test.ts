// The image's entry point, run here exactly as the image runs it: `node deploy/role.ts <role>`
// (Dockerfile ENTRYPOINT + the role as CMD), with Node 24 from node_modules like the tests elsewhere.
//  - every role's module loads and validates its environment (a bad value exits 2 naming it);
//  - migrate then api really start on the embedded engine: the migration completes, the api
//    answers /health and /ready, the image's HEALTHCHECK command agrees, SIGTERM exits 0;
//  - with TEST_TIMESCALE_URL (CI's TimescaleDB service) migrate, ingest, scorer and api start in
//    server mode against it and stop cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  killChildren,
  NODE,
  REPO_ROOT as ROOT,
  spawnNode,
  type NodeProcess,
} from '../../test/node-process.ts';
import { ROLES } from '../role.ts';

afterAll(killChildren);

function role(args: string[], env: NodeJS.ProcessEnv): NodeProcess {
  // Nothing from the developer's shell decides the mode: DATABASE_URL empty = embedded.
  return spawnNode(['deploy/role.ts', ...args], {
    ...process.env,
    DATABASE_URL: '',
    LOG_LEVEL: 'warn',
    ...env,
  });
}

async function healthcheck(env: NodeJS.ProcessEnv): Promise<number | null> {
  const child = spawn(NODE, ['deploy/healthcheck.ts'], { cwd: ROOT, env: { ...process.env, ...env } });
  return new Promise((resolve) => child.on('exit', resolve));
}

describe('the image entry point (node deploy/role.ts <role>)', () => {
  it('refuses an unknown role', async () => {
    const run = role(['nope'], {});
    expect(await run.exited).toBe(64);
    expect(run.output()).toContain('unknown role "nope"');
  });

  it.each(Object.keys(ROLES))('%s: loads the role and validates its environment', async (name) => {
    const env = name === 'ui' ? { UI_PORT: 'not-a-port' } : { LOG_LEVEL: 'loud' };
    const run = role([name], {
      ...env,
      ROLE_FILE: path.join(os.tmpdir(), `role-test-${process.pid}-${name}`),
    });
    const code = await run.exited;
    // Every role boots the same way (runtime/boot.ts): a bad environment exits 2.
    expect(code, run.output()).toBe(2);
    expect(run.output()).toContain(name === 'ui' ? 'UI_PORT' : 'LOG_LEVEL');
  });

  it('migrate, then api, on the embedded engine: /health, /ready, HEALTHCHECK, SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'role-test-data-'));
    const roleFile = path.join(dataDir, 'role');
    try {
      const migrate = role(['migrate'], { DATA_DIR: path.join(dataDir, 'pgdata'), ROLE_FILE: roleFile });
      expect(await migrate.exited, migrate.output()).toBe(0);
      expect(migrate.output()).toMatch(/schema up to date on the embedded engine/);

      const api = role(['api'], {
        DATA_DIR: path.join(dataDir, 'pgdata'),
        API_PORT: '0',
        API_HOST: '127.0.0.1',
        ROLE_FILE: roleFile,
      });
      const [, url, port] = await api.waitFor(/api ready on (http:\/\/127\.0\.0\.1:(\d+))/);
      expect((await fetch(`${url}/health`)).status).toBe(200);
      expect((await fetch(`${url}/ready`)).status).toBe(200);
      expect(fs.readFileSync(roleFile, 'utf8')).toBe('api');
      expect(await healthcheck({ ROLE_FILE: roleFile, API_PORT: port })).toBe(0);
      api.child.kill('SIGTERM');
      expect(await api.exited, api.output()).toBe(0);
      expect(await healthcheck({ ROLE_FILE: roleFile, API_PORT: port })).toBe(1);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

const serverUrl = process.env.TEST_TIMESCALE_URL;
describe.skipIf(!serverUrl)(
  `server mode roles against TimescaleDB${serverUrl ? '' : ' (skipped: set TEST_TIMESCALE_URL, as CI does)'}`,
  () => {
    it('migrate completes; ingest, scorer and api run and stop cleanly on SIGTERM', async () => {
      const env = {
        DATABASE_URL: serverUrl,
        ROLE_FILE: path.join(os.tmpdir(), `role-test-${process.pid}-server`),
        // Nothing listens here: ingest keeps retrying with backoff, which is what a Reddit outage looks like.
        REDDIT_AUTH_URL: 'http://127.0.0.1:9',
        REDDIT_API_URL: 'http://127.0.0.1:9',
        REDDIT_PUBLIC_URL: 'http://127.0.0.1:9',
        API_PORT: '0',
        LOG_LEVEL: 'info',
      };
      const migrate = role(['migrate'], env);
      expect(await migrate.exited, migrate.output()).toBe(0);
      const ingest = role(['ingest'], env);
      const scorer = role(['scorer'], env);
      const api = role(['api'], env);
      await ingest.waitFor(/ingest ready \(server engine/);
      await scorer.waitFor(/scorer ready \(server engine/);
      const [, url] = await api.waitFor(/api ready on (http:\/\/\S+)/);
      expect((await fetch(`${url}/ready`)).status).toBe(200);
      for (const run of [ingest, scorer, api]) run.child.kill('SIGTERM');
      for (const run of [ingest, scorer, api]) expect(await run.exited, run.output()).toBe(0);
    });
  },
);

// Real small file systems for the storage-failure tests: a tmpfs of a few MB fills up for real, a
// read-only bind mount refuses writes for real. Mounting needs root with CAP_SYS_ADMIN (CI here runs
// as root); elsewhere `mountUnavailable()` says why, and the suites skip with that reason.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireTools } from './system-tools.ts';

/** Everything mounted through here and not yet unmounted, newest last. */
const mounted: string[] = [];

export function mountTmpfs(target: string, size: string): void {
  fs.mkdirSync(target, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', target], { stdio: 'pipe' });
  mounted.push(target);
}

/** Grows (or shrinks) a tmpfs mounted by mountTmpfs: "free some space". */
export function resizeTmpfs(target: string, size: string): void {
  execFileSync('mount', ['-o', `remount,size=${size}`, target], { stdio: 'pipe' });
}

/** Files opened under `dir` from now on are read-only (a read-only bind mount of it over itself). */
export function bindReadOnly(dir: string): void {
  execFileSync('mount', ['-o', 'bind,ro', dir, dir], { stdio: 'pipe' });
  mounted.push(dir);
}

export function unmount(target: string): void {
  execFileSync('umount', [target], { stdio: 'pipe' });
  mounted.splice(mounted.lastIndexOf(target), 1);
}

/** For afterAll: lazily unmounts whatever a failed test left mounted. */
export function unmountAll(): void {
  for (const target of mounted.splice(0).toReversed()) {
    execFileSync('umount', ['-l', target], { stdio: 'ignore' });
  }
}

/** Why this machine cannot mount a test file system, or undefined when it can. */
export function mountUnavailable(): string | undefined {
  const tools = requireTools('mount', 'umount');
  if (tools.skipReason) return tools.skipReason;
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'mount-probe-'));
  try {
    mountTmpfs(probe, '1m');
    unmount(probe);
    return undefined;
  } catch (error) {
    const stderr = ((error as { stderr?: Buffer }).stderr?.toString() ?? (error as Error).message).trim();
    return `cannot mount a test file system here (needs root with CAP_SYS_ADMIN): ${stderr.split('\n')[0]}`;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

// Building the dashboard: `vite build` in ui/ (SvelteKit + adapter-node → BUILD_DIR). startUi and
// the browser tests call ensureBuilt(), so a fresh clone or changed sources never serve a stale or
// missing build; `npm run ui:build` does the same by hand.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const UI_DIR = path.dirname(fileURLToPath(import.meta.url));
/** Must match the adapter's `out` in vite.config.ts. */
export const BUILD_DIR = path.join(UI_DIR, '..', 'node_modules', '.cache', 'reddit-seriousness-ui', 'build');
const STAMP = path.join(BUILD_DIR, 'handler.js');

function newestMtime(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** Why a build is needed, or null when the build is newer than every source file. */
export function buildNeeded(): string | null {
  if (!fs.existsSync(STAMP)) return 'no build yet';
  const built = fs.statSync(STAMP).mtimeMs;
  const sources = Math.max(
    newestMtime(path.join(UI_DIR, 'src')),
    newestMtime(path.join(UI_DIR, 'vite.config.ts')),
  );
  return sources > built ? 'ui/src changed since the last build' : null;
}

/** Runs `vite build` in ui/ with this Node (24), output shown only on failure. */
export async function buildUi(): Promise<void> {
  const vite = path.join(UI_DIR, '..', 'node_modules', 'vite', 'bin', 'vite.js');
  const output: Buffer[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: UI_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) {
    throw new Error(`building the UI failed (vite build exit ${code}):\n${Buffer.concat(output).toString()}`);
  }
}

const LOCK = path.join(BUILD_DIR, '..', 'build.lock');
/** A lock older than this belongs to a build that died. */
const STALE_LOCK_MS = 180_000;

/**
 * Two processes (say the browser tests and an `npm start` test running at once) must not run
 * `vite build` into the same directory together: the second waits for the first, then re-checks.
 */
async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) fs.rmSync(LOCK, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Builds when needed, with one clear log line before and after. */
export async function ensureBuilt(log: (line: string) => void = console.log): Promise<void> {
  if (buildNeeded() === null) return;
  await withBuildLock(async () => {
    const reason = buildNeeded();
    if (reason === null) return; // another process built it while we waited
    const started = performance.now();
    log(`ui: building the dashboard (${reason}) …`);
    await buildUi();
    log(`ui: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
}

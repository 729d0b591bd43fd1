// A process of the product as a child, for the tests and benchmarks that treat it as a user or an
// orchestrator does: Node 24 run directly (not through npm, whose death leaves its node child
// running: ARCHITECTURE.md §7), its output kept for waiting on lines and for error messages, and
// every child remembered so that nothing outlives the test file or the benchmark.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../runtime/config.ts';

export const REPO_ROOT = PROJECT_ROOT;
export const NODE = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'node');

export interface NodeProcess {
  child: ChildProcess;
  /** stdout and stderr as they arrived (all of it, or the last `keepOutputChars`). */
  output(): string;
  /** The exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** The first match of `pattern` in the output; rejects, with the output, on exit or after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpExecArray>;
  /** SIGTERM, then SIGKILL if it has not exited within `ms`; resolves with the exit code. */
  stop(ms?: number): Promise<number | null>;
}

export interface SpawnOptions {
  /** A command that runs node for us, e.g. ['unshare', '--pid', '--fork', 'setpriv', …]. */
  wrapper?: readonly string[];
  /** What the errors call this process ("npm start", "ingest"). */
  name?: string;
  /**
   * Keep only the last this many characters of output (long benchmark runs). Unset: all of it —
   * tests read the output from an offset (`output().length` before a step, then `slice`).
   */
  keepOutputChars?: number;
}

const children = new Set<ChildProcess>();

/** `node <args…>` in the repository, with `env` as its whole environment. */
export function spawnNode(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  options: SpawnOptions = {},
): NodeProcess {
  const [command, ...rest] = [...(options.wrapper ?? []), NODE, ...args] as [string, ...string[]];
  const child = spawn(command, rest, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const name = options.name ?? args.join(' ');
  let output = '';
  const limit = options.keepOutputChars;
  const keep = (data: Buffer) => {
    output += data.toString();
    if (limit !== undefined && output.length > limit) output = output.slice(-limit);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return {
    child,
    output: () => output,
    exited,
    async waitFor(pattern, ms = 60_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const match = pattern.exec(output);
        if (match) return match;
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(
            `${name} exited (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${output}`,
          );
        }
        if (Date.now() > deadline) throw new Error(`${name}: no ${pattern} within ${ms} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop(ms = 30_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** SIGKILLs every child still running (a test file's afterAll, a benchmark's exit). */
export function killChildren(): void {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
}

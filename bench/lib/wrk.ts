// HTTP load for the API benchmarks: wrk (Debian's package) over loopback, and unloaded sequential
// requests. wrk, not autocannon: autocannon eats a core of this 2-core box itself (ARCHITECTURE.md §7).
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export interface LoadResult {
  p50Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
  requests: number;
  /** Non-2xx/3xx answers plus socket errors (connect, read, write, timeout). */
  errors: number;
  /** wrk's own words for the errors, or '' when there were none. */
  errorText: string;
}

export interface LatencyResult {
  p50Ms: number;
  p99Ms: number;
  count: number;
}

/** Stops the process with a clear message (exit 2) when wrk is not installed. */
export function requireWrk(): void {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (error) {
    // `wrk --version` exits 1 after printing its version; only a missing binary throws ENOENT.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(
        'wrk is not installed (Debian: apt-get install -y wrk); it drives the load of this benchmark.',
      );
      process.exit(2);
    }
  }
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

/** The figures of `wrk --latency` output. */
export function parseWrkOutput(out: string): LoadResult {
  const latency = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
    if (!m) throw new Error(`no ${p}% latency in wrk output:\n${out}`);
    return Number(m[1]) * UNIT_MS[m[2]!]!;
  };
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const requests = /(\d+) requests in /.exec(out);
  if (!rps || !requests) throw new Error(`no throughput in wrk output:\n${out}`);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  const words = [non2xx > 0 ? `${non2xx} non-2xx` : '', socket && socketErrors > 0 ? socket[0] : '']
    .filter(Boolean)
    .join('; ');
  return {
    p50Ms: latency('50'),
    p99Ms: latency('99'),
    requestsPerSecond: Number(rps[1]),
    requests: Number(requests[1]),
    errors: non2xx + socketErrors,
    errorText: words,
  };
}

/** A wrk Lua script that requests `paths` in a seeded random order (one path: always that one). */
function luaScript(paths: readonly string[]): string {
  const list = paths.map((p) => JSON.stringify(p)).join(',\n  ');
  return [
    'math.randomseed(42)',
    `local paths = {\n  ${list}\n}`,
    'request = function()',
    '  return wrk.format("GET", paths[math.random(1, #paths)])',
    'end',
    '',
  ].join('\n');
}

/** `wrk -t<threads> -c<connections> -d<duration> --latency` against `baseUrl`, over `paths`. */
export async function runWrk(options: {
  baseUrl: string;
  paths: readonly string[];
  connections: number;
  duration: string;
  threads?: number;
}): Promise<LoadResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-wrk-'));
  const script = path.join(dir, 'paths.lua');
  try {
    fs.writeFileSync(script, luaScript(options.paths));
    // Asynchronously: the server under load may be on this process's event loop.
    const { stdout } = await promisify(execFile)(
      'wrk',
      [
        `-t${options.threads ?? 2}`,
        `-c${options.connections}`,
        `-d${options.duration}`,
        '--latency',
        '-s',
        script,
        options.baseUrl,
      ],
      { encoding: 'utf8' },
    );
    return parseWrkOutput(stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no values');
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** `count` requests one at a time (keep-alive), each a 200, over `nextPath()`. */
export async function sequentialLatency(
  baseUrl: string,
  nextPath: () => string,
  count: number,
): Promise<LatencyResult> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const requestPath = nextPath();
    const t0 = performance.now();
    const res = await fetch(baseUrl + requestPath);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${requestPath} answered ${res.status}`);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), count };
}

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
  /** Means of the answers' Server-Timing header (api/middleware/server-timing.ts), when read. */
  serverTiming?: { dbMs: number; statements: number; totalMs: number; answers: number; reusedShare: number };
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

/**
 * A wrk Lua script that requests `paths` in a seeded random order (one path: always that one);
 * with `thinkMs`, each connection waits that long before its next request (a paced load), and
 * with `serverTiming`, the answers' Server-Timing figures are summed and printed at the end.
 */
function luaScript(paths: readonly string[], thinkMs: number | undefined, serverTiming: boolean): string {
  const list = paths.map((p) => JSON.stringify(p)).join(',\n  ');
  const lines = [
    'math.randomseed(42)',
    `local paths = {\n  ${list}\n}`,
    'request = function()',
    '  return wrk.format("GET", paths[math.random(1, #paths)])',
    'end',
  ];
  if (thinkMs !== undefined) lines.push(`delay = function() return ${Math.round(thinkMs)} end`);
  if (serverTiming) {
    lines.push(
      'local threads = {}',
      'setup = function(thread) table.insert(threads, thread) end',
      'init = function() db, statements, total, answers, hits = 0, 0, 0, 0, 0 end',
      'response = function(status, headers, body)',
      '  local t = headers["Server-Timing"] or headers["server-timing"]',
      '  if t then',
      '    local d, s = t:match("db;dur=([%d.]+);desc=\\"(%d+) statements\\"")',
      '    local a = t:match("total;dur=([%d.]+)")',
      '    if d and a then db = db + d; statements = statements + s; total = total + a; answers = answers + 1 end',
      '    if t:find("cache;desc=\\"hit\\"", 1, true) then hits = hits + 1 end',
      '  end',
      'end',
      'done = function()',
      '  local d, s, a, n, h = 0, 0, 0, 0, 0',
      '  for _, t in ipairs(threads) do',
      '    d = d + t:get("db"); s = s + t:get("statements"); a = a + t:get("total"); n = n + t:get("answers")',
      '    h = h + t:get("hits")',
      '  end',
      '  io.write(string.format("SERVER-TIMING %f %f %f %d %d\\n", d, s, a, n, h))',
      'end',
    );
  }
  return [...lines, ''].join('\n');
}

/** The SERVER-TIMING line the script prints: sums → means per answer. */
function parseServerTiming(out: string): LoadResult['serverTiming'] {
  const m = /^SERVER-TIMING ([\d.]+) ([\d.]+) ([\d.]+) (\d+) (\d+)$/m.exec(out);
  if (!m) return undefined;
  const answers = Number(m[4]);
  if (answers === 0) return { dbMs: 0, statements: 0, totalMs: 0, answers, reusedShare: 0 };
  return {
    dbMs: Number(m[1]) / answers,
    statements: Number(m[2]) / answers,
    totalMs: Number(m[3]) / answers,
    answers,
    /** Answers the API reused (Server-Timing `cache;desc="hit"`), as a share of all. */
    reusedShare: Number(m[5]) / answers,
  };
}

/** `wrk -t<threads> -c<connections> -d<duration> --latency` against `baseUrl`, over `paths`. */
export async function runWrk(options: {
  baseUrl: string;
  paths: readonly string[];
  connections: number;
  duration: string;
  threads?: number;
  /** A paced load: about this many requests per second in all (each connection thinks between). */
  ratePerSecond?: number;
  /** Read the answers' Server-Timing headers. */
  serverTiming?: boolean;
}): Promise<LoadResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-wrk-'));
  const script = path.join(dir, 'paths.lua');
  const thinkMs =
    options.ratePerSecond === undefined ? undefined : (options.connections * 1000) / options.ratePerSecond;
  try {
    fs.writeFileSync(script, luaScript(options.paths, thinkMs, options.serverTiming ?? false));
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
    const result = parseWrkOutput(stdout);
    const serverTiming = parseServerTiming(stdout);
    return serverTiming ? { ...result, serverTiming } : result;
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

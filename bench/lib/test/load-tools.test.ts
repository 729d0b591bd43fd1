// The measuring tools of the benchmarks, on real things: wrk against a real HTTP server on
// loopback, /proc of this very process, files on the real disk.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diskUsageBytes } from '../disk-usage.ts';
import { parseProcStatus, processMemory } from '../process-memory.ts';
import { percentile, runWrk, sequentialLatency } from '../wrk.ts';
import { requireTools } from '../../../test/system-tools.ts';

const wrk = requireTools('wrk');

const hits = new Map<string, number>();
const server = http.createServer((req, res) => {
  hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
  res.statusCode = req.url === '/broken' ? 500 : 200;
  res.end('{}');
});
let baseUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe.skipIf(wrk.skipReason !== undefined)(wrk.title('wrk runner'), () => {
  it('spreads requests over every given path and reads wrk’s latency and throughput', async () => {
    hits.clear();
    const result = await runWrk({
      baseUrl,
      paths: ['/a', '/b', '/c'],
      connections: 4,
      duration: '1s',
      threads: 1,
    });
    expect(result.errors).toBe(0);
    expect(result.requests).toBeGreaterThan(100);
    expect(result.requestsPerSecond).toBeGreaterThan(100);
    expect(result.p50Ms).toBeGreaterThan(0);
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
    // Each path got a fair share of what the server saw.
    const total = [...hits.values()].reduce((a, b) => a + b, 0);
    for (const p of ['/a', '/b', '/c']) expect(hits.get(p) ?? 0).toBeGreaterThan(total / 6);
  });

  it('counts non-2xx answers as errors and says so', async () => {
    const result = await runWrk({ baseUrl, paths: ['/broken'], connections: 2, duration: '1s', threads: 1 });
    expect(result.errors).toBe(result.requests);
    expect(result.errorText).toMatch(/^\d+ non-2xx$/);
  });
});

describe('sequential latency', () => {
  it('times each request and refuses an answer that is not a 200', async () => {
    const ok = await sequentialLatency(baseUrl, () => '/a', 20);
    expect(ok.count).toBe(20);
    expect(ok.p99Ms).toBeGreaterThanOrEqual(ok.p50Ms);
    await expect(sequentialLatency(baseUrl, () => '/broken', 1)).rejects.toThrow('/broken answered 500');
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });
});

describe('process memory', () => {
  it('reads VmRSS and VmHWM of a live process, the peak never below the current', () => {
    const memory = processMemory(process.pid);
    expect(memory.rssMiB).toBeGreaterThan(10);
    expect(memory.hwmMiB).toBeGreaterThanOrEqual(memory.rssMiB);
  });

  it('names the missing field of a status text without memory lines', () => {
    expect(() => parseProcStatus('Name:\tkthreadd\nState:\tS (sleeping)\n')).toThrow('no VmRSS');
  });
});

describe('disk usage', () => {
  it('counts the blocks of files in nested directories', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-du-'));
    try {
      const before = diskUsageBytes(dir);
      fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'a', 'b', 'data'), Buffer.alloc(2 ** 20, 1));
      expect(diskUsageBytes(dir) - before).toBeGreaterThanOrEqual(2 ** 20);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

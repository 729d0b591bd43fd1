// Reads the .cpuprofile files that `node --cpu-prof` writes (one per thread) and says what each
// thread spent its samples on: self time grouped by what ran (the engine's WebAssembly,
// onnxruntime, pg-boss, HTTP, JSON, the app's own folders, GC, idle), and the top functions.
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../runtime/config.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ThreadProfile {
  /** `main` or `worker <n>` (node names the files by thread id). */
  thread: string;
  seconds: number;
  /** Self seconds per category, largest first. */
  categories: { category: string; seconds: number; share: number }[];
  topFunctions: { fn: string; seconds: number; share: number }[];
}

/** What ran, from a frame's function and script. */
export function categoryOf(frame: ProfileNode['callFrame']): string {
  const { functionName: fn, url } = frame;
  if (fn === '(idle)') return 'idle';
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(program)' || fn === '(root)') return 'V8 / native (unattributed)';
  if (url.startsWith('wasm://') || url.includes('/pglite')) return 'engine (PGlite WebAssembly + its JS)';
  if (url.includes('onnxruntime')) return 'model: onnxruntime';
  if (url.includes('/pg-boss/')) return 'pg-boss';
  if (url.includes('/pino') || url.includes('thread-stream') || url.includes('sonic-boom')) return 'logging';
  if (url.includes('/koa') || url.includes('@koa')) return 'API: koa';
  if (url.includes('/zod/')) return 'zod';
  if (url.includes('/node_modules/')) return `package: ${url.split('/node_modules/').at(-1)!.split('/')[0]}`;
  if (/node:(internal\/deps\/undici|_http|net|internal\/http|internal\/stream|stream)/.test(url)) {
    return 'node: HTTP, sockets, streams';
  }
  if (url.includes('node:internal/worker') || url.includes('node:worker_threads'))
    return 'node: thread messages';
  if (url.startsWith('node:')) return 'node: other internals';
  if (url === '') return fn === 'parse' || fn === 'stringify' ? 'JSON' : `native: ${fn || '(anonymous)'}`;
  const relative = path.relative(PROJECT_ROOT, url.replace(/^file:\/\//, ''));
  return relative.startsWith('..') ? 'other' : `app: ${relative.split(path.sep)[0]}/`;
}

function summarise(file: string): ThreadProfile {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
  const categories = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const category = categoryOf(frame);
    categories.set(category, (categories.get(category) ?? 0) + us);
    const where = frame.url ? `${path.basename(frame.url)}:${frame.lineNumber + 1}` : 'native';
    const fn = `${frame.functionName || '(anonymous)'} (${where})`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const ranked = <K extends string>(map: Map<string, number>, key: K) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .map(
        ([name, us]) =>
          ({ [key]: name, seconds: us / 1e6, share: us / total }) as Record<K, string> & {
            seconds: number;
            share: number;
          },
      );
  // CPU.20261208.013722.12345.0.001.cpuprofile: the fifth field is the thread id (0 = main).
  const threadId = path.basename(file).split('.')[4];
  return {
    thread: threadId === '0' ? 'main' : `worker ${threadId}`,
    seconds: total / 1e6,
    categories: ranked(categories, 'category'),
    topFunctions: ranked(functions, 'fn').slice(0, 12),
  };
}

/** Every profile in `dir`, the main thread first. */
export function summariseProfiles(dir: string): ThreadProfile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => summarise(path.join(dir, f)))
    .sort((a, b) => (a.thread === 'main' ? -1 : b.thread === 'main' ? 1 : a.thread.localeCompare(b.thread)));
}

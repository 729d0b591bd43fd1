// The house rules of the source tree (issue #16), checked on every run so that they stay true:
//
//  - every module sits in a layer, and imports only from its own part or from lower layers — never
//    up, never sideways between the services;
//  - no import cycle between modules;
//  - no hand-written source file over 400 lines.
//
// The layers, lowest first (README.md, "Repository", draws the same picture):
//
//   db/queries, db/protocol, db/advisory-locks.ts   typed SQL, the Postgres message codec, lock keys
//   db/engine          the two engines behind the Database seam
//   db/wire            the embedded engine's psql port
//   db/host            the embedded engine on its own thread, with its port
//   db/                opening a database, migrations, pg-boss queues, maintenance (and db/cli)
//   model/             the model: features, training, ONNX scoring, the registry of versions
//   runtime/           what every process boots with: config, logger, database, signals
//   ingest/ scorer/ api/ ui/   the services (none imports another)
//   app/               the roles, each a few lines
//   deploy/            the image's entry point
//
// Tests, test/, bench/ and tools/ (the fake Reddit) sit above all of them: they may import any
// product module, and no product module may import them.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../runtime/config.ts';

const ROOT = PROJECT_ROOT;
const MAX_LINES = 400;

/** Path prefixes → layer, most specific first. Services share a rank but are separate parts. */
const LAYERS: readonly (readonly [prefix: string, rank: number])[] = [
  ['db/queries/', 0],
  ['db/protocol/', 0],
  ['db/advisory-locks.ts', 0],
  ['db/engine/', 1],
  ['db/wire/', 2],
  ['db/host/', 3],
  ['db/', 4],
  ['model/', 5],
  ['runtime/', 6],
  ['ingest/', 7],
  ['scorer/', 7],
  ['api/', 7],
  ['ui/', 7],
  ['app/', 8],
  ['deploy/', 9],
];
const HARNESS = 10;

function isHarness(file: string): boolean {
  return (
    /\.test\.ts$/.test(file) ||
    /(^|\/)test\//.test(file) ||
    /^(bench|tools|test)\//.test(file) ||
    // Root configs (vitest, eslint) and the dashboard's own test setup.
    !file.includes('/')
  );
}

function layerOf(file: string): { part: string; rank: number } {
  if (isHarness(file)) return { part: 'harness', rank: HARNESS };
  for (const [prefix, rank] of LAYERS) {
    if (file.startsWith(prefix)) return { part: prefix, rank };
  }
  throw new Error(`${file} is in no layer: add its folder to LAYERS in test/layers.test.ts`);
}

/** Not sources: dependencies, data, build output — and the dashboard's app (ui/src), which Vite
 * builds with aliases of its own (its server side is ui/*.ts). */
const NOT_SOURCES = /^(node_modules|\.git|\.data|ui\/src|ui\/test)(\/|$)|(^|\/)node_modules\//;

const sources = fs
  .readdirSync(ROOT, { recursive: true, encoding: 'utf8' })
  .map((f) => f.split(path.sep).join('/'))
  .filter((f) => !NOT_SOURCES.test(f) && /\.(ts|svelte)$/.test(f))
  .sort();

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/** The repository files a source imports (relative specifiers only; packages are not layers). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(SPECIFIER)].map((m) =>
    path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]!)),
  );
}

const graph = new Map(sources.map((file) => [file, importsOf(file)]));

describe('the layers of the source tree', () => {
  it('places every source file in a layer, and sees their imports', () => {
    for (const file of sources) expect(() => layerOf(file)).not.toThrow();
    // The scan reads static, dynamic and worker-URL imports alike.
    expect(graph.get('app/all-in-one.ts')).toContain('runtime/boot.ts');
    expect(graph.get('db/open.ts')).toContain('db/host/hosted.ts');
    expect(graph.get('db/host/hosted.ts')).toContain('db/host/host-worker.ts');
    expect(layerOf('api/routes/posts.ts').rank).toBeGreaterThan(layerOf('model/registry/explain.ts').rank);
  });

  it('has no import that runs up a layer or sideways between services', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = layerOf(file);
      for (const target of targets) {
        if (!graph.has(target)) continue; // not a source (JSON, generated build output)
        const to = layerOf(target);
        const up = to.rank > from.rank;
        const sideways = to.rank === from.rank && to.part !== from.part && from.rank !== HARNESS;
        if (up || sideways) wrong.push(`${file} → ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no import cycle', () => {
    // Tarjan's strongly connected components over the module graph.
    let index = 0;
    const indices = new Map<string, number>();
    const lowlinks = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (node: string): void => {
      indices.set(node, index);
      lowlinks.set(node, index);
      index++;
      stack.push(node);
      onStack.add(node);
      for (const next of graph.get(node) ?? []) {
        if (!graph.has(next)) continue;
        if (!indices.has(next)) {
          visit(next);
          lowlinks.set(node, Math.min(lowlinks.get(node)!, lowlinks.get(next)!));
        } else if (onStack.has(next)) {
          lowlinks.set(node, Math.min(lowlinks.get(node)!, indices.get(next)!));
        }
      }
      if (lowlinks.get(node) === indices.get(node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== node);
        if (component.length > 1) cycles.push(component.sort());
      }
    };
    for (const node of graph.keys()) if (!indices.has(node)) visit(node);
    expect(cycles).toEqual([]);
  });

  it(`has no hand-written source file over ${MAX_LINES} lines`, () => {
    const generated = /\.queries\.ts$/;
    const long = sources
      .filter((file) => !generated.test(file))
      .map((file) => ({ file, lines: fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${file}: ${lines}`);
    expect(long).toEqual([]);
  });
});

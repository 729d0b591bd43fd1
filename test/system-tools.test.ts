// Keeps .ci/system-tools.tsv true (issue #19): every binary the repo's TypeScript runs as a child
// process is listed there (so .ci/run installs it on a fresh machine), every listed tool is still
// used, and under CI=true every listed tool is really installed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExecutable, parseToolList, requireTools, systemTools, toolInstalled } from './system-tools.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SKIP_DIRS = new Set(['node_modules', '.git', '.data', '.svelte-kit', 'build', 'test-results']);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP_DIRS.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|js|svelte)$/.test(entry.name) ? [full] : [];
  });
}

// A child process started with a literal program name: spawn('psql', …), execFileSync('wrk', …),
// run('psql', …) (promisified execFile). Not `.run(` or `#run(`, which are methods.
const SPAWN_CALL = /(?<![\w#.])(?:spawn|spawnSync|execFile|execFileSync|run)\(\s*(['"`])([^'"`\s$]+)\1/g;
const REQUIRE_CALL = /requireTools\(([^)]*)\)/g;

/** Every program name that the repo's sources spawn, and those they ask requireTools for. */
function spawnedBinaries(files: readonly string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const add = (binary: string, file: string) =>
    found.set(binary, [...(found.get(binary) ?? []), path.relative(ROOT, file)]);
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(SPAWN_CALL)) add(path.basename(match[2]!), file);
    for (const match of text.matchAll(REQUIRE_CALL)) {
      for (const arg of match[1]!.matchAll(/'([^']+)'/g)) add(arg[1]!, file);
    }
  }
  return found;
}

describe('the system tools the tests need', () => {
  const listed = systemTools();
  const spawned = spawnedBinaries(sourceFiles(ROOT).filter((f) => f !== import.meta.filename));

  it('lists every program the sources spawn, so that .ci/run installs it', () => {
    const names = new Set(listed.flatMap((tool) => [tool.binary, path.basename(tool.binary)]));
    const unlisted = [...spawned].filter(([binary]) => !names.has(binary));
    expect(unlisted, 'spawned but not in .ci/system-tools.tsv').toEqual([]);
  });

  it('lists no tool that nothing uses any more', () => {
    const unused = listed
      .filter((tool) => !spawned.has(tool.binary) && !spawned.has(path.basename(tool.binary)))
      .map((tool) => tool.binary);
    expect(unused).toEqual([]);
  });

  it('finds the spawns it is meant to find (the scan itself works)', () => {
    expect(spawned.get('psql')).toContain('test/app-process.ts');
    expect(spawned.get('wrk')).toContain('bench/lib/wrk.ts');
    expect(spawned.get('mount')).toContain('test/mounts.ts');
    expect(spawned.has('close')).toBe(false); // this.#run('close prepared statements', …) is a method
  });

  it.runIf(process.env.CI === 'true')('has every listed tool installed under CI', () => {
    const absent = listed.filter((tool) => !toolInstalled(tool.binary)).map((tool) => tool.binary);
    expect(absent).toEqual([]);
  });
});

describe('the tool list and its checks', () => {
  it('parses tab-separated entries and refuses a short line with its text', () => {
    const tools = parseToolList(
      '# comment\npsql\tpostgresql-client\tpsql --version\tthe wire tests\nsh\tdash\t-\tx\n',
    );
    expect(tools).toEqual([
      {
        binary: 'psql',
        debianPackage: 'postgresql-client',
        versionCommand: 'psql --version',
        usedBy: 'the wire tests',
      },
      { binary: 'sh', debianPackage: 'dash', versionCommand: undefined, usedBy: 'x' },
    ]);
    expect(() => parseToolList('wrk wrk\n')).toThrow('needs 4 tab-separated fields: wrk wrk');
  });

  it('finds an executable file on a given PATH and nothing that is not executable', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tools-'));
    try {
      fs.writeFileSync(path.join(dir, 'runnable'), '#!/bin/sh\n', { mode: 0o755 });
      fs.writeFileSync(path.join(dir, 'plain'), 'text', { mode: 0o644 });
      fs.mkdirSync(path.join(dir, 'folder'));
      expect(findExecutable('runnable', `/nonexistent:${dir}`)).toBe(path.join(dir, 'runnable'));
      expect(findExecutable('plain', dir)).toBeUndefined();
      expect(findExecutable('folder', dir)).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('skips with the package to install outside CI, and fails under CI=true', () => {
    const saved = { PATH: process.env.PATH, CI: process.env.CI };
    try {
      process.env.PATH = '/nonexistent';
      delete process.env.CI;
      const check = requireTools('wrk');
      expect(check.skipReason).toBe('wrk is not installed (apt-get install -y wrk, as .ci/run does)');
      expect(check.title('wrk runner')).toBe(`wrk runner (skipped: ${check.skipReason})`);
      process.env.CI = 'true';
      expect(() => requireTools('wrk')).toThrow('CI=true and a tool the tests need is missing: wrk');
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.CI === undefined) delete process.env.CI;
      else process.env.CI = saved.CI;
    }
  });

  it('refuses a tool that is not in the list, naming the file to add it to', () => {
    expect(() => requireTools('no-such-tool')).toThrow(/no-such-tool is not listed in .*system-tools\.tsv/);
  });
});

// .github/workflows/*.yml through GitHub's own workflow parser and schema (@actions/workflow-parser,
// the library behind the Actions language server), plus pinning and permission rules.
import fs from 'node:fs';
import { registerHooks } from 'node:module';
import path from 'node:path';
import type * as yamlTypes from 'yaml';
import { describe, expect, it } from 'vitest';
import { missing, optionalImport } from './optional.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WORKFLOWS = path.join(ROOT, '.github/workflows');

// The parser imports its schema JSON without `with { type: 'json' }` (fine in bundlers, refused
// by Node's ESM loader): add the attribute for that package's JSON files only.
registerHooks({
  load(url, context, nextLoad) {
    if (url.includes('/@actions/workflow-parser/') && url.endsWith('.json')) {
      return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
    }
    return nextLoad(url, context);
  },
});

interface ParserModule {
  parseWorkflow(
    file: { name: string; content: string },
    trace: unknown,
  ): { context: ParseContext; value: unknown };
  convertWorkflowTemplate(
    context: ParseContext,
    value: unknown,
  ): Promise<{ jobs: { id: { value: string } }[] }>;
  NoOperationTraceWriter: new () => unknown;
}
interface ParseContext {
  errors: { getErrors(): { message: string }[] };
}

const parser = await optionalImport<ParserModule>('@actions/workflow-parser');
const yamlModule = await optionalImport<typeof yamlTypes>('yaml');
const skip = missing(parser, yamlModule);
const files = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

async function parse(name: string, content: string) {
  const p = parser as ParserModule;
  const result = p.parseWorkflow({ name, content }, new p.NoOperationTraceWriter());
  const template = await p.convertWorkflowTemplate(result.context, result.value);
  return { errors: result.context.errors.getErrors().map((e) => e.message), template };
}

describe.skipIf(skip)(`GitHub Actions workflows${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it.each(files)('%s is valid against the workflow schema', async (file) => {
    const { errors, template } = await parse(file, fs.readFileSync(path.join(WORKFLOWS, file), 'utf8'));
    expect(errors).toEqual([]);
    expect(template.jobs.length).toBeGreaterThan(0);
  });

  it('the parser does catch mistakes', async () => {
    const { errors } = await parse('bad.yml', 'on: push\njobs:\n  a:\n    runs-on: x\n    stepz: []\n');
    expect(errors.join('\n')).toMatch(/stepz/);
  });

  it.each(files)('%s pins every action by commit SHA and sets least-privilege permissions', (file) => {
    const text = fs.readFileSync(path.join(WORKFLOWS, file), 'utf8');
    const uses = [...text.matchAll(/uses:\s*(\S+)/g)].map((m) => m[1] ?? '');
    for (const ref of uses) {
      if (ref.startsWith('./') || ref.startsWith('docker://')) continue;
      expect(ref, ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
    }
    const doc = (yamlModule as typeof yamlTypes).parse(text) as {
      permissions?: unknown;
      jobs: Record<string, { permissions?: Record<string, string> }>;
    };
    expect(doc.permissions).toEqual({});
    for (const [id, job] of Object.entries(doc.jobs)) {
      expect(job.permissions, `${id} permissions`).toBeDefined();
      for (const [scope, level] of Object.entries(job.permissions ?? {})) {
        if (level === 'write') expect(`${id}:${scope}`).toBe('image:packages');
      }
    }
  });

  it('ci.yml: tests on push and PR with TimescaleDB; image and deploy on main only', () => {
    const doc = (yamlModule as typeof yamlTypes).parse(
      fs.readFileSync(path.join(WORKFLOWS, 'ci.yml'), 'utf8'),
    ) as {
      on: Record<string, unknown>;
      jobs: Record<
        string,
        {
          if?: string;
          needs?: string;
          services?: Record<string, { image: string }>;
          env?: Record<string, string>;
        }
      >;
    };
    expect(Object.keys(doc.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(doc.jobs.check?.services?.timescaledb?.image).toMatch(/^timescale\/timescaledb:/);
    expect(doc.jobs.check?.env?.TEST_TIMESCALE_URL).toMatch(/^postgres:\/\//);
    expect(doc.jobs.image?.if).toContain('refs/heads/main');
    expect(doc.jobs.deploy?.needs).toBe('image');
  });
});

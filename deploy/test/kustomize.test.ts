// The Kubernetes manifests: rendered by kustomize (kubectl's built-in kustomize) and every object
// validated against the Kubernetes OpenAPI schemas (package kubernetes-models; KEDA's CRD schemas
// from @kubernetes-models/keda), then the deployment rules of issue #8 checked on the output.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as yamlTypes from 'yaml';
import { describe, expect, it } from 'vitest';
import { missing, optionalImport } from './optional.ts';
import { requireTools } from '../../test/system-tools.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DEPLOY = path.join(ROOT, 'deploy');

type YamlModule = typeof yamlTypes;
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}
type ModelClass = new (data: unknown) => { validate(): void };

const yamlModule = await optionalImport<YamlModule>('yaml');
const skip = missing(
  yamlModule,
  await optionalImport('kubernetes-models'),
  await optionalImport('@kubernetes-models/keda'),
);

// kubectl comes with this machine kind's image (not from Debian): outside CI its absence skips the
// kustomize renders (the schema checks then read the files as written); under CI it is a failure.
const kubectlTool = requireTools('kubectl');
const KUBECTL = kubectlTool.skipReason ? undefined : 'kubectl';

function render(dir: string): K8sObject[] {
  const YAML = yamlModule as YamlModule;
  const out = execFileSync(
    KUBECTL as string,
    ['kustomize', '--load-restrictor', 'LoadRestrictionsNone', dir],
    {
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return YAML.parseAllDocuments(out).map((d) => d.toJS() as K8sObject);
}

/** Without kubectl: the same objects read straight from the files (no patches applied). */
function readFiles(dir: string): K8sObject[] {
  const YAML = yamlModule as YamlModule;
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .flatMap((f) =>
      YAML.parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS() as K8sObject),
    );
}

async function model(object: K8sObject): Promise<ModelClass> {
  const [group = '', version = ''] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  const specifier = group.endsWith('keda.sh')
    ? `@kubernetes-models/keda/${group}/${version}/${object.kind}`
    : `kubernetes-models/${group ? `${group}/` : ''}${version}/${object.kind}`;
  const mod = (await import(specifier)) as Record<string, ModelClass>;
  const cls = mod[object.kind];
  if (!cls) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  return cls;
}

async function validateAll(objects: K8sObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const object of objects) {
    const Model = await model(object);
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${object.kind}/${object.metadata.name}: ${(error as Error).message}`);
    }
  }
  return problems;
}

const withKeda = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomize-keda-'));
  fs.writeFileSync(
    path.join(dir, 'kustomization.yaml'),
    [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      // kustomize refuses absolute paths here.
      `resources: [${path.relative(dir, path.join(DEPLOY, 'overlays/example'))}]`,
      `components: [${path.relative(dir, path.join(DEPLOY, 'components/keda'))}]`,
      '',
    ].join('\n'),
  );
  return dir;
};

describe.skipIf(skip)(`Kubernetes manifests${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const rendered = KUBECTL
    ? render(path.join(DEPLOY, 'overlays/example'))
    : [...readFiles(path.join(DEPLOY, 'base')), ...readFiles(path.join(DEPLOY, 'overlays/example'))];
  const find = (kind: string, name: string) =>
    rendered.find((o) => o.kind === kind && o.metadata.name === name) as K8sObject;
  const deployments = rendered.filter((o) => o.kind === 'Deployment');
  type PodSpec = {
    containers: {
      image: string;
      args: string[];
      resources: { requests: Record<string, string>; limits: Record<string, string> };
      readinessProbe?: { httpGet?: { path: string } };
      livenessProbe?: { httpGet?: { path: string }; tcpSocket?: unknown };
      env?: { name: string; valueFrom?: { secretKeyRef?: { name: string } } }[];
      envFrom?: { secretRef?: { name: string } }[];
    }[];
    terminationGracePeriodSeconds?: number;
    securityContext: { runAsNonRoot: boolean };
  };
  const pod = (o: K8sObject) => (o.spec as { template: { spec: PodSpec } }).template.spec;

  it.skipIf(!KUBECTL)(kubectlTool.title('the overlay renders with kustomize'), () => {
    expect(rendered.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
      [
        'ConfigMap/seriousness-config',
        'Deployment/seriousness-api',
        'Deployment/seriousness-ingest',
        'Deployment/seriousness-scorer',
        'Deployment/seriousness-ui',
        'HorizontalPodAutoscaler/seriousness-scorer',
        'Ingress/seriousness',
        'Job/seriousness-migrate',
        'Namespace/seriousness',
        'PodDisruptionBudget/seriousness-api',
        'PodDisruptionBudget/seriousness-ingest',
        'PodDisruptionBudget/seriousness-scorer',
        'PodDisruptionBudget/seriousness-ui',
        'Service/seriousness-api',
        'Service/seriousness-ui',
      ].sort(),
    );
    for (const o of rendered) if (o.kind !== 'Namespace') expect(o.metadata.namespace).toBe('seriousness');
    for (const d of [...deployments, find('Job', 'seriousness-migrate')])
      expect(pod(d).containers[0]?.image).toBe('ghcr.io/reddit-seriousness/reddit-seriousness:main');
  });

  it('routes only the public API paths through the Ingress: not /metrics, /status or the probes', () => {
    type Rule = { host: string; http: { paths: { path: string; pathType: string }[] } };
    const rules = (find('Ingress', 'seriousness').spec as { rules: Rule[] }).rules;
    const api = rules.find((rule) => rule.host.startsWith('api.'))!;
    // Kubernetes Prefix matching goes by whole path elements; Exact by the whole path.
    const routed = (requestPath: string) =>
      api.http.paths.some(({ path: p, pathType }) =>
        pathType === 'Exact'
          ? requestPath === p
          : p === '/' || requestPath === p || requestPath.startsWith(`${p.replace(/\/$/, '')}/`),
      );
    for (const open of [
      '/',
      '/docs',
      '/openapi.json',
      '/subreddits',
      '/subreddit/AskReddit',
      '/posts/abc/explanation',
    ])
      expect(routed(open), open).toBe(true);
    for (const closed of ['/metrics', '/status', '/health', '/ready', '/subredditsx'])
      expect(routed(closed), closed).toBe(false);
  });

  it('every object is valid against the Kubernetes schemas', async () => {
    expect(await validateAll(rendered)).toEqual([]);
    // The validator does catch mistakes.
    const broken = structuredClone(find('Deployment', 'seriousness-api'));
    (pod(broken).containers[0] as unknown as Record<string, unknown>).image = 42;
    expect(await validateAll([broken])).toHaveLength(1);
  });

  it.skipIf(!KUBECTL)(
    kubectlTool.title('the optional KEDA component renders and is valid (ScaledObject replaces the HPA)'),
    async () => {
      const dir = withKeda();
      try {
        const objects = render(dir);
        expect(objects.some((o) => o.kind === 'ScaledObject')).toBe(true);
        expect(objects.some((o) => o.kind === 'HorizontalPodAutoscaler')).toBe(false);
        expect(await validateAll(objects)).toEqual([]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('one image, non-root, resources, graceful termination for every role', () => {
    const roles = deployments.map((d) => pod(d).containers[0]?.args[0]).sort();
    expect(roles).toEqual(['api', 'ingest', 'scorer', 'ui']);
    expect(pod(find('Job', 'seriousness-migrate')).containers[0]?.args).toEqual(['migrate']);
    for (const d of [...deployments, find('Job', 'seriousness-migrate')]) {
      const spec = pod(d);
      expect(spec.securityContext.runAsNonRoot).toBe(true);
      const c = spec.containers[0];
      expect(
        c?.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.memory,
      ).toBeTruthy();
    }
    for (const d of deployments) expect(pod(d).terminationGracePeriodSeconds).toBeGreaterThan(20);
  });

  it('api probes /ready and /health; ui is probed; every Deployment has a PDB', () => {
    const api = pod(find('Deployment', 'seriousness-api')).containers[0];
    expect(api?.readinessProbe?.httpGet?.path).toBe('/ready');
    expect(api?.livenessProbe?.httpGet?.path).toBe('/health');
    const ui = pod(find('Deployment', 'seriousness-ui')).containers[0];
    expect(ui?.readinessProbe?.httpGet?.path).toBe('/');
    expect(ui?.livenessProbe).toBeDefined();
    for (const d of deployments) {
      const component = d.metadata.labels?.['app.kubernetes.io/component'];
      const pdb = rendered.find(
        (o) =>
          o.kind === 'PodDisruptionBudget' &&
          (o.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels[
            'app.kubernetes.io/component'
          ] === component,
      );
      expect(pdb, `PDB for ${d.metadata.name}`).toBeDefined();
    }
  });

  it('ingest: two replicas, one poller (advisory lock); scorer: HPA-owned replicas', () => {
    const ingest = find('Deployment', 'seriousness-ingest');
    expect(ingest.spec?.replicas).toBe(2);
    expect(fs.readFileSync(path.join(DEPLOY, 'base/ingest.yaml'), 'utf8')).toContain(
      'db/engine/leadership.ts',
    );
    expect(find('Deployment', 'seriousness-scorer').spec?.replicas).toBeUndefined();
    const hpa = find('HorizontalPodAutoscaler', 'seriousness-scorer');
    expect((hpa.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name).toBe('seriousness-scorer');
  });

  it('secrets are referenced, never committed', () => {
    const files = fs
      .readdirSync(DEPLOY, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.ya?ml$/.test(f));
    for (const file of files)
      expect(fs.readFileSync(path.join(DEPLOY, file), 'utf8')).not.toMatch(/^kind:\s*Secret\s*$/m);
    expect(rendered.some((o) => o.kind === 'Secret')).toBe(false);
    for (const d of [...deployments, find('Job', 'seriousness-migrate')]) {
      const c = pod(d).containers[0];
      const refs = [
        ...(c?.env ?? []).map((e) => e.valueFrom?.secretKeyRef?.name),
        ...(c?.envFrom ?? []).map((e) => e.secretRef?.name),
      ].filter(Boolean);
      if (d.metadata.name !== 'seriousness-ui') expect(refs).toContain('seriousness-db');
      else expect(refs).toEqual([]);
    }
    expect(
      pod(find('Deployment', 'seriousness-ingest')).containers[0]?.envFrom?.map((e) => e.secretRef?.name),
    ).toContain('seriousness-reddit');
  });
});

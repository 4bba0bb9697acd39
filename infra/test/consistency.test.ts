import path from 'node:path';
import { loadConfig } from '@tandem/core';
import { parse } from 'yaml';
import type { Doc } from './kit';
import { INFRA_DIR, documentedVariables, findObject, k8sObjects, makeSecrets, readEnvFile, readRepoFile, readYaml } from './kit';

/**
 * Cheap cross-file checks: what the manifests set is what the code reads, the probes point at
 * routes the gateway serves, and the pieces that name each other agree.
 */
type Container = Doc & { name: string; image: string; env?: { name: string }[]; envFrom?: Doc[] };

function podSpecOf(object: Doc): Doc {
  return ((object.spec as Doc).template as Doc).spec as Doc;
}

function containersOf(kind: string): { owner: string; container: Container }[] {
  return k8sObjects()
    .filter(({ object }) => object.kind === kind)
    .flatMap(({ object }) => (podSpecOf(object).containers as Container[]).map((container) => ({ owner: String((object.metadata as Doc).name), container })));
}

const workloads = () => [...containersOf('Deployment'), ...containersOf('Job')];
const composeFile = (): Doc => readYaml(path.join(INFRA_DIR, 'compose.yaml'))[0] ?? {};

describe('the kit and the code agree', () => {
  let secrets: ReturnType<typeof makeSecrets>;
  beforeAll(() => (secrets = makeSecrets()));
  afterAll(() => secrets.remove());

  it('sets only variables the README configuration table documents', () => {
    const documented = documentedVariables();
    const config = findObject('ConfigMap', 'tandem-config').data as Record<string, string>;
    const secretKeys = ['tandem-app', 'tandem-migrate'].flatMap((name) => Object.keys(findObject('Secret', name).stringData as Doc));
    const containerEnv = workloads().flatMap(({ container }) => (container.env ?? []).map((e) => e.name));
    const composeEnv = [path.join(INFRA_DIR, 'compose', 'tandem.env'), ...['app.env', 'migrate.env', 'provision.env'].map((f) => path.join(secrets.dir, f))].flatMap((file) => Object.keys(readEnvFile(file)));
    const all = [...Object.keys(config), ...secretKeys, ...containerEnv, ...composeEnv];
    expect(all.length).toBeGreaterThan(15);
    expect(all.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('gives the gateway and the worker a configuration they accept in production (compose)', () => {
    const env = { ...readEnvFile(path.join(INFRA_DIR, 'compose', 'tandem.env')), ...readEnvFile(path.join(secrets.dir, 'app.env')) };
    const config = loadConfig(env);
    expect(config.production).toBe(true);
    expect(config.database.runtimeUrl).toMatch(/@pgbouncer:6432\//);
  });

  it('gives them a configuration they accept in production once the Secret is filled (Kubernetes)', () => {
    const configMap = findObject('ConfigMap', 'tandem-config').data as Record<string, string>;
    const template = findObject('Secret', 'tandem-app').stringData as Record<string, string>;
    const filled: Record<string, string> = { ...readEnvFile(path.join(secrets.dir, 'app.env')), REDIS_URL: 'redis://redis:6379' };
    // The template's keys, each filled the way make-secrets.sh fills compose's (SMTP left empty: e-mail off).
    const secret = Object.fromEntries(Object.keys(template).map((key) => [key, filled[key] ?? '']));
    expect(Object.keys(secret).filter((key) => key !== 'SMTP_URL' && secret[key] === '')).toEqual([]);
    const config = loadConfig({ ...configMap, ...secret });
    expect([config.production, config.host, config.port]).toEqual([true, '0.0.0.0', 4000]);
    // The template as it stands (no values) is refused, naming a variable.
    expect(() => loadConfig({ ...configMap, ...template })).toThrow(/Invalid configuration: [A-Z_]+ /);
  });

  it('probes routes the gateway serves, on the port it listens on', () => {
    const gatewaySource = readRepoFile('services/gateway/src/gateway.ts');
    for (const route of ['/healthz', '/readyz', '/metrics']) expect(gatewaySource).toContain(`app.get('${route}'`);
    const [{ container } = { container: undefined }] = containersOf('Deployment').filter(({ owner }) => owner === 'tandem-gateway');
    const probe = (name: string) => ((container?.[name] as Doc).httpGet as Doc);
    expect([probe('readinessProbe').path, probe('livenessProbe').path, probe('startupProbe').path]).toEqual(['/readyz', '/healthz', '/healthz']);
    const ports = container?.ports as { name: string; containerPort: number }[];
    expect(ports.map((p) => p.name)).toContain(probe('readinessProbe').port);
    const port = Number((findObject('ConfigMap', 'tandem-config').data as Doc).PORT);
    expect(ports.map((p) => p.containerPort)).toEqual([port]);
    expect(((findObject('Service', 'tandem-gateway').spec as Doc).ports as Doc[])[0]?.targetPort).toBe('http');
  });

  it('selects the pods it means: Service, autoscalers and disruption budgets', () => {
    for (const name of ['tandem-gateway', 'tandem-worker']) {
      const labels = ((findObject('Deployment', name).spec as Doc).template as Doc).metadata as Doc;
      const podLabels = labels.labels as Record<string, string>;
      const pdbSelector = ((findObject('PodDisruptionBudget', name).spec as Doc).selector as Doc).matchLabels as Record<string, string>;
      expect(podLabels).toMatchObject(pdbSelector);
      expect((findObject('HorizontalPodAutoscaler', name).spec as Doc).scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
    }
    const gatewayPods = (((findObject('Deployment', 'tandem-gateway').spec as Doc).template as Doc).metadata as Doc).labels as Record<string, string>;
    expect(gatewayPods).toMatchObject((findObject('Service', 'tandem-gateway').spec as Doc).selector as Record<string, string>);
  });

  it("scales the worker on a metric built from the gateway's queue gauge and states", () => {
    const queueMetrics = readRepoFile('services/gateway/src/queue-metrics.ts');
    const states = /QUEUE_STATES = \[([^\]]+)\]/.exec(queueMetrics)?.[1]?.match(/'[a-z]+'/g)?.map((s) => s.slice(1, -1)) ?? [];
    expect(queueMetrics).toContain("name: 'tandem_queue_jobs'");
    const adapter = parse((findObject('ConfigMap', 'adapter-config').data as Record<string, string>)['config.yaml'] ?? '') as { externalRules: { name: { as: string }; metricsQuery: string; seriesQuery: string }[] };
    const [rule] = adapter.externalRules;
    const metrics = (findObject('HorizontalPodAutoscaler', 'tandem-worker').spec as Doc).metrics as { external: { metric: { name: string } } }[];
    expect(metrics[0]?.external.metric.name).toBe(rule?.name.as);
    expect(rule?.seriesQuery).toContain('tandem_queue_jobs');
    const queried = /state=~"([^"]+)"/.exec(rule?.metricsQuery ?? '')?.[1]?.split('|') ?? [];
    expect(queried).toEqual(['waiting', 'prioritized']);
    for (const state of queried) expect(states).toContain(state);
  });

  it('runs the images the Dockerfiles and compose.yaml build, with resources requested', () => {
    const compose = composeFile().services as Record<string, Doc>;
    const composeImages = new Set(Object.values(compose).map((s) => String(s.image)));
    for (const { owner, container } of workloads()) {
      const image = container.image.split(':')[0] ?? '';
      expect([owner, composeImages.has(image)]).toEqual([owner, true]);
      const requests = (container.resources as Doc | undefined)?.requests as Doc | undefined;
      expect([owner, Boolean(requests?.cpu && requests.memory)]).toEqual([owner, true]);
    }
    for (const [name, dockerfile] of [['tandem-gateway', 'gateway'], ['tandem-worker', 'worker'], ['tandem-migrate', 'migrate']]) {
      const built = Object.values(compose).find((s) => s.image === name)?.build as Doc | undefined;
      expect(built?.dockerfile).toBe(`infra/docker/${dockerfile}.Dockerfile`);
    }
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import type { Doc } from './kit';
import { K8S_DIR, k8sFiles, k8sObjects, readYaml } from './kit';

/**
 * Every manifest is checked against the Kubernetes OpenAPI schema of its kind, offline, by
 * kubernetes-models (types, required fields, enums, formats). Those schemas do not forbid
 * unknown fields, so a misspelt field passes here: consistency.test.ts checks the fields that
 * matter by reading them.
 */
interface Validatable {
  validate(): void;
}
const MODELS: Record<string, new (data: never) => Validatable> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

/** Not in kustomization.yaml, on purpose (each file says why). */
const APPLIED_SEPARATELY = ['secrets.template.yaml', 'migrate-job.yaml', 'monitoring/prometheus-adapter-config.yaml'];

describe('the Kubernetes manifests', () => {
  const objects = k8sObjects();

  it('are a known set of kinds', () => {
    expect(objects.length).toBeGreaterThanOrEqual(12);
    const unknown = objects.map(({ object }) => `${String(object.apiVersion)}/${String(object.kind)}`).filter((key) => !MODELS[key]);
    expect(unknown).toEqual([]);
  });

  it.each(objects.map(({ file, object }) => [`${file}: ${String(object.kind)} ${String((object.metadata as Doc).name)}`, object] as const))(
    'validate against the schema: %s',
    (_label, object) => {
      const Model = MODELS[`${String(object.apiVersion)}/${String(object.kind)}`];
      if (!Model) throw new Error('no model');
      expect(() => new Model(object as never).validate()).not.toThrow();
    },
  );

  it('catch a wrong type or a missing field (the validator is live)', () => {
    const deployment = objects.find(({ object }) => object.kind === 'Deployment')?.object as Doc;
    const wrongType = { ...deployment, spec: { ...(deployment.spec as Doc), replicas: 'two' } };
    const noContainers = { ...deployment, spec: { ...(deployment.spec as Doc), template: { spec: {} } } };
    expect(() => new Deployment(wrongType as never).validate()).toThrow(/replicas/);
    expect(() => new Deployment(noContainers as never).validate()).toThrow(/containers/);
  });

  it('are all applied by kustomization.yaml, except those applied separately', () => {
    const [kustomization] = readYaml(path.join(K8S_DIR, 'kustomization.yaml'));
    const resources = (kustomization?.resources as string[]).slice().sort();
    const files = k8sFiles().map((file) => path.relative(K8S_DIR, file));
    for (const resource of resources) expect(fs.existsSync(path.join(K8S_DIR, resource))).toBe(true);
    expect(files.filter((file) => !APPLIED_SEPARATELY.includes(file)).sort()).toEqual(resources);
  });

  it('template Secrets without values', () => {
    const secrets = objects.filter(({ object }) => object.kind === 'Secret');
    expect(secrets.length).toBe(2);
    for (const { object } of secrets) {
      expect(object.data).toBeUndefined();
      expect(Object.values(object.stringData as Record<string, string>).every((value) => value === '')).toBe(true);
    }
  });
});
